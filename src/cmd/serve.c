/* cmd/serve: `hearth serve` runs the practitioners' web application on a database (see
 * src/web/). Owns only its options: the server, pages and sign-in live in src/web. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "date/date.h"
#include "format/import.h"
#include "model/codes.h"
#include "web/web.h"

#define DEFAULT_PER_ADDRESS 200u

static void help_serve(FILE *f)
{
    fprintf(f,
            "usage: hearth serve [--db PATH] [--listen ADDRESS:PORT] [--threads N] [--assets DIR]\n"
            "                    [--idle-minutes N] [--today YYYY-MM-DD] [--population N] [--demo]\n"
            "                    [--tls-cert PATH --tls-key PATH] [--trusted-proxy ADDRESS]\n"
            "                    [--per-address-limit N]\n"
            "\n"
            "Run the web application for practitioners: sign in, 'My work' with statutory\n"
            "clocks, the child's record and chronology, the front door and stage forms, search,\n"
            "and the performance dashboard. Stops on Ctrl-C.\n"
            "\n"
            "  --listen A:P       address and port (default 127.0.0.1:8080; port 0 picks a free one)\n"
            "  --threads N        worker threads, each with its own database connection (default 4)\n"
            "  --assets DIR       folder holding node_modules/ and www/ (default: the folder above\n"
            "                     the hearth binary's bin/)\n"
            "  --idle-minutes N   sign a session out after N idle minutes (default 30)\n"
            "  --idle-seconds N   the same in seconds (for tests)\n"
            "  --today DATE       treat DATE as today (tests and demonstrations)\n"
            "  --population N     child population for rates (default: the database's setting)\n"
            "  --demo             mark every page as the synthetic demo authority\n"
            "\n"
            "HTTPS (needed whenever other computers can reach hearth; see docs/operations.md):\n"
            "  --tls-cert PATH    serve HTTPS with this certificate (PEM, with its chain) ...\n"
            "  --tls-key PATH     ... and its private key (PEM)\n"
            "  --trusted-proxy A  or: the IPv4 address of the HTTPS proxy in front of hearth; its\n"
            "                     X-Forwarded-Proto header, and no one else's, is believed\n"
            "  Over HTTPS cookies are marked Secure and Strict-Transport-Security is sent. Plain\n"
            "  HTTP on an address other than 127.x.x.x without either is warned about.\n"
            "\n"
            "  --per-address-limit N  connections one client address may hold at once (default\n"
            "                     %u, below the server's 1000 in all, so that one client cannot\n"
            "                     starve the rest; 0: no limit, the default with --trusted-proxy,\n"
            "                     where every connection comes from the proxy)\n"
            "\n"
            "With no users yet, the first visit offers to create the first administrator; or\n"
            "use 'hearth user add'.\n", DEFAULT_PER_ADDRESS);
}

/* The repository (or install) folder: the parent of the binary's folder. */
static char *default_assets(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return strdup(".");
    exe[n] = 0;
    for (int i = 0; i < 2; i++) {
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
    }
    /* build/asan/hearth sits one folder deeper than bin/hearth */
    size_t len = strlen(exe);
    if (len > 6 && !strcmp(exe + len - 6, "/build"))
        exe[len - 6] = 0;
    return strdup(exe[0] ? exe : "/");
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},       {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},  {"assets", required_argument, NULL, 'a'},
        {"idle-minutes", required_argument, NULL, 'i'}, {"today", required_argument, NULL, 'T'},
        {"population", required_argument, NULL, 'p'}, {"demo", no_argument, NULL, 'D'},
        {"idle-seconds", required_argument, NULL, 'S'},
        {"tls-cert", required_argument, NULL, 'C'}, {"tls-key", required_argument, NULL, 'K'},
        {"trusted-proxy", required_argument, NULL, 'P'},
        {"per-address-limit", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    struct web_conf conf = {.db = cmd_default_db(), .idle_secs = 30 * 60};
    const char *listen = "127.0.0.1:8080";
    char *assets = NULL;
    long threads = 4, per_address = -1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd': conf.db = optarg; break;
        case 'l': listen = optarg; break;
        case 'a': free(assets); assets = strdup(optarg); break;
        case 'D': conf.demo = true; break;
        case 'C': conf.tls_cert = optarg; break;
        case 'K': conf.tls_key = optarg; break;
        case 'P': conf.trusted_proxy = optarg; break;
        case 'L':
            per_address = strtol(optarg, &end, 10);
            if (*end || !*optarg || per_address < 0 || per_address > 1000) {
                fprintf(stderr, "hearth serve: --per-address-limit takes 0 to 1000, not '%s'\n", optarg);
                free(assets);
                return HE_USAGE;
            }
            break;
        case 't':
            threads = strtol(optarg, &end, 10);
            if (*end || threads < 1 || threads > 64) {
                fprintf(stderr, "hearth serve: --threads takes 1 to 64, not '%s'\n", optarg);
                free(assets);
                return HE_USAGE;
            }
            break;
        case 'i': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 24 * 60) {
                fprintf(stderr, "hearth serve: --idle-minutes takes 1 to 1440, not '%s'\n", optarg);
                free(assets);
                return HE_USAGE;
            }
            conf.idle_secs = (int)v * 60;
            break;
        }
        case 'S': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 24 * 3600) {
                fprintf(stderr, "hearth serve: --idle-seconds takes 1 to 86400, not '%s'\n", optarg);
                free(assets);
                return HE_USAGE;
            }
            conf.idle_secs = (int)v;
            break;
        }
        case 'T':
            conf.today = date_parse_iso(optarg, strlen(optarg));
            if (!conf.today) {
                fprintf(stderr, "hearth serve: --today takes a real date as YYYY-MM-DD, not '%s'\n", optarg);
                free(assets);
                return HE_USAGE;
            }
            break;
        case 'p':
            conf.population = strtoll(optarg, &end, 10);
            if (*end || conf.population < 1) {
                fprintf(stderr, "hearth serve: --population takes a whole number above 0, not '%s'\n", optarg);
                free(assets);
                return HE_USAGE;
            }
            break;
        case 'h': help_serve(stdout); free(assets); return HE_OK;
        default: help_serve(stderr); free(assets); return HE_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hearth serve: unexpected argument '%s'\n", argv[optind]);
        free(assets);
        return HE_USAGE;
    }
    conf.per_address = per_address >= 0 ? (unsigned)per_address
                       : conf.trusted_proxy ? 0 : DEFAULT_PER_ADDRESS;
    if (!assets)
        assets = default_assets();
    conf.assets = assets;
    char probe[PATH_MAX + 64];
    snprintf(probe, sizeof probe, "%s/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css", assets);
    if (access(probe, R_OK))
        fprintf(stderr, "hearth serve: warning: %s is missing; run 'make' (npm install) so pages have their styles\n",
                probe);
    /* once, at start: forms dated after the latest code lists are checked by the latest */
    int now = date_year_to_march(conf.today ? conf.today : date_today());
    int lc = codes_cin_latest_year(), l9 = codes_ssda903_latest_year();
    if (now > lc)
        fprintf(stderr, "hearth serve: forms dated in %d-%02d are checked against the %d-%02d "
                        "CIN census code lists, the latest hearth has\n",
                now - 1, now % 100, lc - 1, lc % 100);
    if (now > l9)
        fprintf(stderr, "hearth serve: forms dated in %d-%02d are checked against the %d-%02d "
                        "SSDA903 code lists, the latest hearth has\n",
                now - 1, now % 100, l9 - 1, l9 % 100);
    struct err e;
    err_clear(&e);
    int rc = web_serve(&conf, listen, (int)threads, &e);
    free(assets);
    return rc == HE_OK ? HE_OK : cmd_fail("serve", &e);
}
