//! Query and dependency-list parsing: never a panic, entries are never
//! empty names, and printing an entry then parsing it again gives entries
//! again (pkgconf's re-queueing step).
#![no_main]

use libfuzzer_sys::fuzz_target;
use libpkgconf::package::dependency::{parse_list, parse_query};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let words: Vec<&str> = text.split('\0').collect();
    for dep in parse_query(&words).iter().chain(parse_list(&text).iter()) {
        assert!(!dep.name().is_empty(), "empty name from {text:?}");
        for again in dep.requeue() {
            assert!(!again.name().is_empty());
        }
    }
});
