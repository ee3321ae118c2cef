/* The raw-parse baseline of the benchmark: parses each named file with the C library gonogo
 * itself uses for its format (libyaml events, cmark-gfm, libxml2's streaming reader) and does
 * nothing else. Usage: baseline FILE... or baseline -  (file names on stdin). */
#include <cmark-gfm.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static char *slurp(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (!file) return NULL;
  fseek(file, 0, SEEK_END);
  long length = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *data = malloc(length + 1);
  *size = fread(data, 1, length, file);
  fclose(file);
  return data;
}

static long yaml_events(const char *data, size_t size) {
  yaml_parser_t parser;
  yaml_event_t event;
  long events = 0;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
  for (;;) {
    if (!yaml_parser_parse(&parser, &event)) break;
    events++;
    int done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    if (done) break;
  }
  yaml_parser_delete(&parser);
  return events;
}

static long markdown_nodes(const char *data, size_t size) {
  cmark_node *document = cmark_parse_document(data, size, CMARK_OPT_DEFAULT);
  cmark_iter *iter = cmark_iter_new(document);
  long nodes = 0;
  while (cmark_iter_next(iter) != CMARK_EVENT_DONE) nodes++;
  cmark_iter_free(iter);
  cmark_node_free(document);
  return nodes;
}

static void unreadable(const char *path) {
  fprintf(stderr, "baseline: cannot read %s\n", path);
  exit(2);
}

static long xml_nodes(const char *path) {
  xmlTextReaderPtr reader = xmlReaderForFile(path, NULL, XML_PARSE_NONET);
  long nodes = 0;
  if (!reader) unreadable(path);
  while (xmlTextReaderRead(reader) == 1) nodes++;
  xmlFreeTextReader(reader);
  return nodes;
}

static int ends_with(const char *text, const char *suffix) {
  size_t a = strlen(text), b = strlen(suffix);
  return a >= b && strcmp(text + a - b, suffix) == 0;
}

static long parse(const char *path) {
  if (ends_with(path, ".xml")) return xml_nodes(path);
  size_t size = 0;
  char *data = slurp(path, &size);
  if (!data) unreadable(path);
  long count = ends_with(path, ".md") ? markdown_nodes(data, size) : yaml_events(data, size);
  free(data);
  return count;
}

int main(int argc, char **argv) {
  long total = 0;
  if (argc == 2 && strcmp(argv[1], "-") == 0) {
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
      line[strcspn(line, "\n")] = 0;
      if (*line) total += parse(line);
    }
  } else {
    for (int i = 1; i < argc; i++) total += parse(argv[i]);
  }
  printf("%ld\n", total);
  return 0;
}
