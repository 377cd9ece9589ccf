//! Who we say we are: macOS Big Sur 11.7.4 on Darwin 20.6.0, everywhere
//! (`uname`, `sysctl`, `SystemVersion.plist`).

pub const PRODUCT_NAME: &str = "macOS";
pub const PRODUCT_VERSION: &str = "11.7.4";
pub const PRODUCT_BUILD_VERSION: &str = "20G1120";
pub const KERNEL_NAME: &str = "Darwin";
pub const KERNEL_RELEASE: &str = "20.6.0";
pub const KERNEL_VERSION: &str =
    "Darwin Kernel Version 20.6.0: Calvados userland kernel; root:xnu-7195.141.49~1/RELEASE_X86_64";
pub const MACHINE: &str = "x86_64";
