// tests/clients Go client: cgo finds the real C library tinyc through
// `#cgo pkg-config` (so through $PKG_CONFIG), compiles against its Cflags,
// links it, and prints values that come from those Cflags and the library.
package main

/*
#cgo pkg-config: tinyc
#include <tinyc.h>

#define TINYC_STR2(x) #x
#define TINYC_STR(x) TINYC_STR2(x)
static const char *orbit_vendor(void) { return TINYC_STR(ORBIT_VENDOR); }
static int tinyc_magic(void) { return TINYC_MAGIC; }
static int tinyc_level(void) { return TINYC_LEVEL; }
static int orbit_plugin_abi(void) { return ORBIT_PLUGIN_ABI; }
static int orbit_core(void) { return ORBIT_CORE; }
*/
import "C"

import "fmt"

func main() {
	fmt.Printf("tinyc_answer()=%d\n", C.tinyc_answer())
	fmt.Printf("tinyc_name()=%s\n", C.GoString(C.tinyc_name()))
	fmt.Printf("TINYC_MAGIC=%d\n", C.tinyc_magic())
	fmt.Printf("TINYC_LEVEL=%d\n", C.tinyc_level())
	fmt.Printf("ORBIT_PLUGIN_ABI=%d\n", C.orbit_plugin_abi())
	fmt.Printf("ORBIT_CORE=%d\n", C.orbit_core())
	fmt.Printf("ORBIT_VENDOR=%s\n", C.GoString(C.orbit_vendor()))
}
