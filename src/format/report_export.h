/* report_export: the committee report (measure/report.h) as a spreadsheet, written with
 * libxlsxwriter: a sheet of the year's measures beside the published figures, a sheet of
 * each measure's published years, and the analyst's commentary by section. Byte for byte
 * the same for the same report (the workbook's created time is the year's last day). */
#ifndef HEARTH_REPORT_EXPORT_H
#define HEARTH_REPORT_EXPORT_H

#include "../measure/report.h"

/* texts: each section's commentary in report_section_ids' order ("" for none). */
int report_xlsx(const struct report *rp, const struct bench *b, const char *la_name,
                const char *const texts[REPORT_SECTIONS], const char *path, struct err *e);

#endif
