/* Invented for tests/clients: a real header under ${pcfiledir}. */
#define ORBIT_DATA_VERSION "0.3.0-beta2"
