//! SystemConfiguration (`/System/Library/Frameworks/SystemConfiguration.framework`):
//! the dynamic store, as far as proxy lookups need it.
//!
//! `SCDynamicStoreCopyProxies` answers what `scutil --proxy` shows on a Mac
//! with no proxy configured: `HTTPEnable = 0`, `HTTPSEnable = 0`,
//! `FTPPassive = 1` and the default bypass list `ExceptionsList = (*.local,
//! 169.254/16)` that macOS sets for every network service. Proxies set in
//! the environment are the program's own business (HTTP clients read
//! `HTTPS_PROXY` and friends themselves). Key strings are
//! `SCSchemaDefinitions.h`'s (`kSCPropNetProxiesHTTPEnable` is
//! `"HTTPEnable"`, ...) and `kSCDynamicStoreUseSessionKeys` is
//! `"UseSessionKeys"` (`SCDynamicStore.c`).

use crate::cf_const_string;
use crate::core_foundation::base::{
    self, alloc, expect, CFTypeID, Class, Owned, Ref, TYPE_ID_SC_DYNAMIC_STORE,
};
use crate::core_foundation::{array, dictionary as dict, number, string};
use libc::c_void;

cf_const_string!(K_USE_SESSION_KEYS = "UseSessionKeys");
cf_const_string!(K_EXCEPTIONS_LIST = "ExceptionsList");
cf_const_string!(K_EXCLUDE_SIMPLE_HOSTNAMES = "ExcludeSimpleHostnames");
cf_const_string!(K_FTP_ENABLE = "FTPEnable");
cf_const_string!(K_FTP_PASSIVE = "FTPPassive");
cf_const_string!(K_FTP_PORT = "FTPPort");
cf_const_string!(K_FTP_PROXY = "FTPProxy");
cf_const_string!(K_GOPHER_ENABLE = "GopherEnable");
cf_const_string!(K_GOPHER_PORT = "GopherPort");
cf_const_string!(K_GOPHER_PROXY = "GopherProxy");
cf_const_string!(K_HTTP_ENABLE = "HTTPEnable");
cf_const_string!(K_HTTP_PORT = "HTTPPort");
cf_const_string!(K_HTTP_PROXY = "HTTPProxy");
cf_const_string!(K_HTTPS_ENABLE = "HTTPSEnable");
cf_const_string!(K_HTTPS_PORT = "HTTPSPort");
cf_const_string!(K_HTTPS_PROXY = "HTTPSProxy");
cf_const_string!(K_RTSP_ENABLE = "RTSPEnable");
cf_const_string!(K_RTSP_PORT = "RTSPPort");
cf_const_string!(K_RTSP_PROXY = "RTSPProxy");
cf_const_string!(K_SOCKS_ENABLE = "SOCKSEnable");
cf_const_string!(K_SOCKS_PORT = "SOCKSPort");
cf_const_string!(K_SOCKS_PROXY = "SOCKSProxy");
cf_const_string!(K_PROXY_AUTO_CONFIG_ENABLE = "ProxyAutoConfigEnable");
cf_const_string!(K_PROXY_AUTO_CONFIG_URL_STRING = "ProxyAutoConfigURLString");
cf_const_string!(K_PROXY_AUTO_DISCOVERY_ENABLE = "ProxyAutoDiscoveryEnable");

pub struct StoreBody {
    name: Owned,
    options: Option<Owned>,
}

pub static STORE_CLASS: Class = Class {
    type_id: TYPE_ID_SC_DYNAMIC_STORE,
    name: "SCDynamicStore",
    finalize: base::drop_obj::<StoreBody>,
    equal: base::same,
    hash: base::addr_hash,
    describe: |a| {
        // SAFETY: `a` is a store.
        let b = unsafe { &expect::<StoreBody>(a, &STORE_CLASS, "SCDynamicStore").body };
        // SAFETY: the name is a string.
        let name = unsafe { string::to_string(b.name.0) };
        format!(
            "<SCDynamicStore {:p} [{:p}]> {{name = {name}, session keys = {}}}",
            a,
            core::ptr::null::<c_void>(),
            b.options.is_some()
        )
    },
    immortal: false,
};

unsafe extern "C" fn get_type_id() -> CFTypeID {
    TYPE_ID_SC_DYNAMIC_STORE
}

/// `SCDynamicStoreCreateWithOptions(allocator, name, options, callout,
/// context)`: change notifications never fire (nothing changes).
unsafe extern "C" fn create_with_options(
    _a: Ref,
    name: Ref,
    options: Ref,
    _callout: *const c_void,
    _ctx: *const c_void,
) -> Ref {
    // SAFETY: `name` a string, `options` NULL or a dictionary.
    unsafe {
        if !string::is_string(name) || (!options.is_null() && !dict::is_dict(options)) {
            return core::ptr::null();
        }
        let options = (!options.is_null()).then(|| Owned(base::retain(options)));
        alloc(
            &STORE_CLASS,
            StoreBody {
                name: Owned(base::retain(name)),
                options,
            },
        )
    }
}

unsafe extern "C" fn create(a: Ref, name: Ref, callout: *const c_void, ctx: *const c_void) -> Ref {
    // SAFETY: as above.
    unsafe { create_with_options(a, name, core::ptr::null(), callout, ctx) }
}

/// The proxy dictionary of a Mac without proxies.
pub fn no_proxies() -> Ref {
    let d = dict::new_cftype_dict();
    let local = Owned(string::new_string("*.local"));
    let link_local = Owned(string::new_string("169.254/16"));
    let exceptions = Owned(array::new_cftype_array(&[local.0, link_local.0]));
    let zero = Owned(number::new_i32(0));
    let one = Owned(number::new_i32(1));
    // SAFETY: our dictionary and objects.
    unsafe {
        dict::set(d, K_EXCEPTIONS_LIST.0, exceptions.0);
        dict::set(d, K_FTP_PASSIVE.0, one.0);
        dict::set(d, K_HTTP_ENABLE.0, zero.0);
        dict::set(d, K_HTTPS_ENABLE.0, zero.0);
    }
    d
}

unsafe extern "C" fn copy_proxies(_store: Ref) -> Ref {
    no_proxies()
}

pub static EXPORTS: &[calvados_libsystem::export::Export] = calvados_libsystem::exports! {
    func "_SCDynamicStoreGetTypeID" => get_type_id,
    func "_SCDynamicStoreCreate" => create,
    func "_SCDynamicStoreCreateWithOptions" => create_with_options,
    func "_SCDynamicStoreCopyProxies" => copy_proxies,
    data "_kSCDynamicStoreUseSessionKeys" => K_USE_SESSION_KEYS,
    data "_kSCPropNetProxiesExceptionsList" => K_EXCEPTIONS_LIST,
    data "_kSCPropNetProxiesExcludeSimpleHostnames" => K_EXCLUDE_SIMPLE_HOSTNAMES,
    data "_kSCPropNetProxiesFTPEnable" => K_FTP_ENABLE,
    data "_kSCPropNetProxiesFTPPassive" => K_FTP_PASSIVE,
    data "_kSCPropNetProxiesFTPPort" => K_FTP_PORT,
    data "_kSCPropNetProxiesFTPProxy" => K_FTP_PROXY,
    data "_kSCPropNetProxiesGopherEnable" => K_GOPHER_ENABLE,
    data "_kSCPropNetProxiesGopherPort" => K_GOPHER_PORT,
    data "_kSCPropNetProxiesGopherProxy" => K_GOPHER_PROXY,
    data "_kSCPropNetProxiesHTTPEnable" => K_HTTP_ENABLE,
    data "_kSCPropNetProxiesHTTPPort" => K_HTTP_PORT,
    data "_kSCPropNetProxiesHTTPProxy" => K_HTTP_PROXY,
    data "_kSCPropNetProxiesHTTPSEnable" => K_HTTPS_ENABLE,
    data "_kSCPropNetProxiesHTTPSPort" => K_HTTPS_PORT,
    data "_kSCPropNetProxiesHTTPSProxy" => K_HTTPS_PROXY,
    data "_kSCPropNetProxiesRTSPEnable" => K_RTSP_ENABLE,
    data "_kSCPropNetProxiesRTSPPort" => K_RTSP_PORT,
    data "_kSCPropNetProxiesRTSPProxy" => K_RTSP_PROXY,
    data "_kSCPropNetProxiesSOCKSEnable" => K_SOCKS_ENABLE,
    data "_kSCPropNetProxiesSOCKSPort" => K_SOCKS_PORT,
    data "_kSCPropNetProxiesSOCKSProxy" => K_SOCKS_PROXY,
    data "_kSCPropNetProxiesProxyAutoConfigEnable" => K_PROXY_AUTO_CONFIG_ENABLE,
    data "_kSCPropNetProxiesProxyAutoConfigURLString" => K_PROXY_AUTO_CONFIG_URL_STRING,
    data "_kSCPropNetProxiesProxyAutoDiscoveryEnable" => K_PROXY_AUTO_DISCOVERY_ENABLE,
};
