/* Debian builds libxml2 with ICU; its headers then include the system's <unicode/*.h>, which
   clash with the ICU copy inside Foundation. gonogo never touches libxml2's ICU converters, so
   their declarations are left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
