/* service_ui: the dashboard's "The wider service" section, every area of measure/service.h's
 * registry as a table of its figures for the dashboard's period. */
#ifndef HEARTH_WEB_SERVICE_UI_H
#define HEARTH_WEB_SERVICE_UI_H

#include "../date/date.h"
#include "../util/err.h"
#include "html.h"
#include "web.h"

/* Something may have been recorded (a form was posted): the kept figures are made again on
 * the next view. */
void service_ui_changed(void);

/* Writes the section into m; HE_OK, or the first area's error (the page then answers 500). */
int service_html(struct html *m, struct req *r, day_t from, day_t to, struct err *e);

#endif
