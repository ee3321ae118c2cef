/* The start-up floor of the benchmark: a C hello-world, built here with the system compiler. */
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
