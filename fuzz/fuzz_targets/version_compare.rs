//! Version comparison as an order: reflexive, antisymmetric and transitive
//! over any three strings (the input split at NUL bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use libpkgconf::compare_versions as cmp;
use std::cmp::Ordering::{Equal, Greater, Less};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("");
    let c = parts.next().unwrap_or("");
    assert_eq!(cmp(a, a), Equal, "reflexive: {a:?}");
    assert_eq!(cmp(a, b), cmp(b, a).reverse(), "antisymmetric: {a:?} {b:?}");
    let ab = cmp(a, b);
    let bc = cmp(b, c);
    if ab != Greater && bc != Greater {
        assert_ne!(cmp(a, c), Greater, "transitive (<=): {a:?} {b:?} {c:?}");
    }
    if ab == Less && bc == Less {
        assert_eq!(cmp(a, c), Less, "transitive (<): {a:?} {b:?} {c:?}");
    }
    if ab == Equal && bc == Equal {
        assert_eq!(cmp(a, c), Equal, "transitive (=): {a:?} {b:?} {c:?}");
    }
});
