// A standard clang-tidy finding, used by driver.test.
int f() { return sizeof(42); }
