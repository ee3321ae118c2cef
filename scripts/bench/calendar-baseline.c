/* The baseline row of scripts/bench/calendar: libical's own parse of the calendar file, the
   floor under any reader built on it. Prints the CPU time in milliseconds. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  FILE *file = fopen(argv[1], "rb");
  if (!file) return 2;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  rewind(file);
  char *text = malloc(size + 1);
  if (!text || fread(text, 1, size, file) != (size_t)size) return 2;
  text[size] = 0;
  struct timespec began, ended;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &began);
  icalcomponent *root = icalparser_parse_string(text);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ended);
  if (!root) return 1;
  printf("%.1f\n", (ended.tv_sec - began.tv_sec) * 1e3 + (ended.tv_nsec - began.tv_nsec) / 1e6);
  icalcomponent_free(root);
  free(text);
  return 0;
}
