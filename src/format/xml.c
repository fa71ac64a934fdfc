/* xml: libxml2's functions, found in the library when the first XML file is read or
 * written (xml.h, util/dynlib.h). */
#include <dlfcn.h>
#include <pthread.h>

#define XML_API_NO_MACROS
#include "sonames.h"
#include "xml.h"

DYNLIB_DEFINE(xml_api, xml_api, XML_API_FUNCS, xml_lib, "libxml2 (the XML library)",
              HEARTH_SONAME_LIBXML2);

static pthread_once_t parser_once = PTHREAD_ONCE_INIT;

/* libxml2 2.9's globals are set up unlocked: once, before any thread parses */
static void init_parser(void) { xml_api.xmlInitParser(); }

int xml_load(struct err *e)
{
    int rc = dynlib_load(&xml_lib, e);
    if (rc == HE_OK)
        pthread_once(&parser_once, init_parser);
    return rc;
}
