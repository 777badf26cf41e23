//! Version comparison as an order over any three strings (the input split at
//! NUL bytes): reflexive and antisymmetric always; transitive whenever
//! pkgconf's whole-string shortcut (equal ignoring ASCII case) does not
//! apply to a pair that differs in case. pkgconf 3.0.7 is not transitive
//! there ("L" < "LHH" < "l" but "L" = "l"), and we answer as it does; see
//! libpkgconf's `package::version` docs and `not_transitive_like_pkgconf`.
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
    let case_only = |x: &str, y: &str| x != y && x.eq_ignore_ascii_case(y);
    if case_only(a, b) || case_only(b, c) || case_only(a, c) {
        return;
    }
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
