/* xml: libxml2, loaded when the first XML file is read or written (util/dynlib.h says why:
 * with ICU and libstdc++ it is the largest thing a start would load, and most commands,
 * the web server and every CSV read included, need none of it). Include this instead of
 * <libxml/...>; cin_xml.c, cin_xml_export.c and ssda903_xml.c call xml_load() at each
 * entry. xmlFree is libxml2's variable holding its free function: the table keeps its
 * address. */
#ifndef HEARTH_XML_H
#define HEARTH_XML_H

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#include "../util/dynlib.h"
#include "../util/err.h"

#define XML_API_FUNCS(X) \
    X(xmlCreateIOParserCtxt) \
    X(xmlCtxtUseOptions) \
    X(xmlFree) \
    X(xmlFreeDoc) \
    X(xmlFreeParserCtxt) \
    X(xmlFreeTextReader) \
    X(xmlFreeTextWriter) \
    X(xmlGetLastError) \
    X(xmlGetLineNo) \
    X(xmlInitParser) \
    X(xmlNewTextWriter) \
    X(xmlNodeGetContent) \
    X(xmlOutputBufferClose) \
    X(xmlOutputBufferCreateFile) \
    X(xmlParseDocument) \
    X(xmlReadMemory) \
    X(xmlReaderForFd) \
    X(xmlSchemaFree) \
    X(xmlSchemaFreeParserCtxt) \
    X(xmlSchemaFreeValidCtxt) \
    X(xmlSchemaNewMemParserCtxt) \
    X(xmlSchemaNewValidCtxt) \
    X(xmlSchemaParse) \
    X(xmlSchemaSetValidStructuredErrors) \
    X(xmlSchemaValidateDoc) \
    X(xmlStopParser) \
    X(xmlTextReaderConstLocalName) \
    X(xmlTextReaderCurrentNode) \
    X(xmlTextReaderDepth) \
    X(xmlTextReaderExpand) \
    X(xmlTextReaderGetParserLineNumber) \
    X(xmlTextReaderIsEmptyElement) \
    X(xmlTextReaderNext) \
    X(xmlTextReaderNodeType) \
    X(xmlTextReaderRead) \
    X(xmlTextReaderSchemaValidateCtxt) \
    X(xmlTextReaderSetStructuredErrorHandler) \
    X(xmlTextWriterEndDocument) \
    X(xmlTextWriterEndElement) \
    X(xmlTextWriterSetIndent) \
    X(xmlTextWriterSetIndentString) \
    X(xmlTextWriterStartDocument) \
    X(xmlTextWriterStartElement) \
    X(xmlTextWriterWriteElement)

DYNLIB_TABLE(xml_api, XML_API_FUNCS);

/* Filled by xml_load(); read only after it returned HE_OK. */
extern struct xml_api xml_api;
extern struct dynlib xml_lib;

/* Load libxml2 and set up its globals (xmlInitParser, once, whichever thread comes
 * first); HE_INTERNAL with the reason when it cannot be loaded. */
int xml_load(struct err *e);

/* Every call below goes through the table, written as libxml2's documentation writes it
 * (the file that fills the table defines XML_API_NO_MACROS). */
#ifndef XML_API_NO_MACROS
#define xmlFree (*xml_api.xmlFree)
#define xmlCreateIOParserCtxt (xml_api.xmlCreateIOParserCtxt)
#define xmlCtxtUseOptions (xml_api.xmlCtxtUseOptions)
#define xmlFreeDoc (xml_api.xmlFreeDoc)
#define xmlFreeParserCtxt (xml_api.xmlFreeParserCtxt)
#define xmlFreeTextReader (xml_api.xmlFreeTextReader)
#define xmlFreeTextWriter (xml_api.xmlFreeTextWriter)
#define xmlGetLastError (xml_api.xmlGetLastError)
#define xmlGetLineNo (xml_api.xmlGetLineNo)
#define xmlInitParser (xml_api.xmlInitParser)
#define xmlNewTextWriter (xml_api.xmlNewTextWriter)
#define xmlNodeGetContent (xml_api.xmlNodeGetContent)
#define xmlOutputBufferClose (xml_api.xmlOutputBufferClose)
#define xmlOutputBufferCreateFile (xml_api.xmlOutputBufferCreateFile)
#define xmlParseDocument (xml_api.xmlParseDocument)
#define xmlReadMemory (xml_api.xmlReadMemory)
#define xmlReaderForFd (xml_api.xmlReaderForFd)
#define xmlSchemaFree (xml_api.xmlSchemaFree)
#define xmlSchemaFreeParserCtxt (xml_api.xmlSchemaFreeParserCtxt)
#define xmlSchemaFreeValidCtxt (xml_api.xmlSchemaFreeValidCtxt)
#define xmlSchemaNewMemParserCtxt (xml_api.xmlSchemaNewMemParserCtxt)
#define xmlSchemaNewValidCtxt (xml_api.xmlSchemaNewValidCtxt)
#define xmlSchemaParse (xml_api.xmlSchemaParse)
#define xmlSchemaSetValidStructuredErrors (xml_api.xmlSchemaSetValidStructuredErrors)
#define xmlSchemaValidateDoc (xml_api.xmlSchemaValidateDoc)
#define xmlStopParser (xml_api.xmlStopParser)
#define xmlTextReaderConstLocalName (xml_api.xmlTextReaderConstLocalName)
#define xmlTextReaderCurrentNode (xml_api.xmlTextReaderCurrentNode)
#define xmlTextReaderDepth (xml_api.xmlTextReaderDepth)
#define xmlTextReaderExpand (xml_api.xmlTextReaderExpand)
#define xmlTextReaderGetParserLineNumber (xml_api.xmlTextReaderGetParserLineNumber)
#define xmlTextReaderIsEmptyElement (xml_api.xmlTextReaderIsEmptyElement)
#define xmlTextReaderNext (xml_api.xmlTextReaderNext)
#define xmlTextReaderNodeType (xml_api.xmlTextReaderNodeType)
#define xmlTextReaderRead (xml_api.xmlTextReaderRead)
#define xmlTextReaderSchemaValidateCtxt (xml_api.xmlTextReaderSchemaValidateCtxt)
#define xmlTextReaderSetStructuredErrorHandler (xml_api.xmlTextReaderSetStructuredErrorHandler)
#define xmlTextWriterEndDocument (xml_api.xmlTextWriterEndDocument)
#define xmlTextWriterEndElement (xml_api.xmlTextWriterEndElement)
#define xmlTextWriterSetIndent (xml_api.xmlTextWriterSetIndent)
#define xmlTextWriterSetIndentString (xml_api.xmlTextWriterSetIndentString)
#define xmlTextWriterStartDocument (xml_api.xmlTextWriterStartDocument)
#define xmlTextWriterStartElement (xml_api.xmlTextWriterStartElement)
#define xmlTextWriterWriteElement (xml_api.xmlTextWriterWriteElement)
#endif

#endif
