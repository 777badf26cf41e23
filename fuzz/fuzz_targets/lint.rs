//! The linter on arbitrary bytes: never a panic, every span inside the
//! file, and every renderer copes with what it finds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use libpkgconf::lint::{LintOptions, Linter, output};
use libpkgconf::{Context, Env, Options};
use std::sync::OnceLock;

fn context() -> &'static Context {
    static CTX: OnceLock<Context> = OnceLock::new();
    CTX.get_or_init(|| {
        let files = vec![("base.pc", b"Name: base\nDescription: d\nVersion: 1\nLibs: -lbase\n".to_vec())];
        Context::in_memory(&Env::new(), &Options::new(), files).expect("context")
    })
}

fuzz_target!(|data: &[u8]| {
    let linter = Linter::new(context(), LintOptions::new().strict(true));
    let report = linter.lint_bytes(data, "/memory/input.pc".into());
    for d in &report.findings {
        if let Some(s) = &d.span {
            assert!(s.bytes.start <= s.bytes.end && s.bytes.end <= data.len());
            assert!(s.line >= 1 && s.column >= 1 && s.end_line >= s.line);
        }
    }
    assert!(report.pccritic.score <= 100);
    let _ = output::human(&report, false);
    let _ = output::pccritic(&report, false, false);
    let all = std::slice::from_ref(&report);
    let _ = output::json(all);
    let _ = output::sarif(all);
});
