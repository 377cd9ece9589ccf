//! CoreFoundation (`/System/Library/Frameworks/CoreFoundation.framework`):
//! the object model and the kinds command-line tools use — strings,
//! numbers, data, dates, arrays, dictionaries, errors, URLs, run loops,
//! bundles, UUIDs, time zones and locales. Struct layouts come from
//! Apple's open-source CF headers (`CFBase.h`, `CFArray.h`...), cited per
//! module and pinned with size assertions.

pub mod array;
pub mod base;
pub mod bundle;
pub mod data;
pub mod dictionary;
pub mod encoding;
pub mod error;
pub mod misc;
pub mod number;
pub mod plist;
pub mod runloop;
pub mod string;
pub mod url;

/// The name of a CF type id (`CFCopyTypeIDDescription`).
pub fn class_name(id: base::CFTypeID) -> Option<&'static str> {
    use base::*;
    Some(match id {
        TYPE_ID_CFTYPE => "CFType",
        TYPE_ID_ALLOCATOR => "CFAllocator",
        TYPE_ID_STRING => "CFString",
        TYPE_ID_DICTIONARY => "CFDictionary",
        TYPE_ID_ARRAY => "CFArray",
        TYPE_ID_DATA => "CFData",
        TYPE_ID_BOOLEAN => "CFBoolean",
        TYPE_ID_NUMBER => "CFNumber",
        TYPE_ID_URL => "CFURL",
        TYPE_ID_BUNDLE => "CFBundle",
        TYPE_ID_UUID => "CFUUID",
        TYPE_ID_DATE => "CFDate",
        TYPE_ID_TIMEZONE => "CFTimeZone",
        TYPE_ID_RUNLOOP => "CFRunLoop",
        TYPE_ID_RUNLOOP_SOURCE => "CFRunLoopSource",
        TYPE_ID_RUNLOOP_TIMER => "CFRunLoopTimer",
        TYPE_ID_ERROR => "CFError",
        TYPE_ID_NULL => "CFNull",
        _ => return None,
    })
}

/// Every object class of every framework: an `isa` not among them is not
/// a CF object.
pub static CLASSES: &[&base::Class] = &[
    &base::ALLOCATOR_CLASS,
    &base::NULL_CLASS,
    &string::STRING_CLASS,
    &string::CONST_STRING_CLASS,
    &data::DATA_CLASS,
    &number::NUMBER_CLASS,
    &number::BOOLEAN_CLASS,
    &number::DATE_CLASS,
    &array::ARRAY_CLASS,
    &dictionary::DICTIONARY_CLASS,
    &error::ERROR_CLASS,
    &url::URL_CLASS,
    &runloop::RUNLOOP_CLASS,
    &runloop::SOURCE_CLASS,
    &runloop::TIMER_CLASS,
    &misc::TIMEZONE_CLASS,
    &misc::UUID_CLASS,
    &bundle::BUNDLE_CLASS,
    &crate::security::CERTIFICATE_CLASS,
    &crate::security::POLICY_CLASS,
    &crate::security::TRUST_CLASS,
    &crate::system_configuration::STORE_CLASS,
];

/// Every CoreFoundation export table.
pub static TABLES: &[&[calvados_libsystem::export::Export]] = &[
    base::EXPORTS,
    string::EXPORTS,
    data::EXPORTS,
    number::EXPORTS,
    array::EXPORTS,
    dictionary::EXPORTS,
    error::EXPORTS,
    url::EXPORTS,
    runloop::EXPORTS,
    misc::EXPORTS,
    bundle::EXPORTS,
];
