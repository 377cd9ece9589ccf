//! `sw_vers`: the system version, from the prefix's
//! `/System/Library/CoreServices/SystemVersion.plist`.
//!
//! sw_vers(1): with no option it prints `ProductName:`, `ProductVersion:`
//! and `BuildVersion:` lines, a tab after each colon; `-productName`,
//! `-productVersion`, `-buildVersion` print just that value. Any other
//! argument prints the usage and exits 1.

const USAGE: &str = "Usage: sw_vers [-productName|-productVersion|-buildVersion]";

pub fn main(args: &[String]) -> i32 {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return 0;
    }
    let path = crate::prefix::path("/System/Library/CoreServices/SystemVersion.plist");
    let plist = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|t| crate::plist::parse(&t));
    let plist = match plist {
        Ok(p) => p,
        Err(e) => {
            eprintln!("sw_vers: cannot read {}: {e}", path.display());
            return 1;
        }
    };
    let get = |k: &str| {
        plist
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let name = get("ProductName");
    let version = get("ProductVersion");
    let build = get("ProductBuildVersion");
    match args {
        [] => {
            println!("ProductName:\t{name}");
            println!("ProductVersion:\t{version}");
            println!("BuildVersion:\t{build}");
        }
        [a] if a == "-productName" => println!("{name}"),
        [a] if a == "-productVersion" => println!("{version}"),
        [a] if a == "-buildVersion" => println!("{build}"),
        _ => {
            eprintln!("{USAGE}");
            return 1;
        }
    }
    0
}
