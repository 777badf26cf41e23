//! Calls the real C library `tinyc`, found and linked through the
//! `pkg-config` crate in build.rs, and prints the -D values of its Cflags.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

extern "C" {
    fn tinyc_answer() -> c_int;
    fn tinyc_name() -> *const c_char;
}

fn main() {
    // SAFETY: plain C functions without arguments; tinyc_name returns a
    // static NUL-terminated string.
    let (answer, name) = unsafe { (tinyc_answer(), CStr::from_ptr(tinyc_name())) };
    println!("tinyc_answer()={answer}");
    println!("tinyc_name()={}", name.to_string_lossy());
    println!("TINYC_MAGIC={}", env!("TINYC_MAGIC"));
    println!("TINYC_LEVEL={}", env!("TINYC_LEVEL"));
    println!("ORBIT_PLUGIN_ABI={}", env!("ORBIT_PLUGIN_ABI"));
    println!("ORBIT_VENDOR={}", env!("ORBIT_VENDOR"));
}
