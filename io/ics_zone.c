/*
 * io/ics_zone.c — time zones of one iCalendar file: TZID values to zone ids
 * (remembered per file), VTIMEZONE blocks registered in the set, local times
 * to UTC. It does not read events.
 */
#include "io/ics_internal.h"

#include "io/limits.h"

#include "io/error.h"

#include <stdlib.h>
#include <string.h>

/* Remember the zone of a TZID of this file; the first answer for a name
 * stands. Out of memory, the name is simply looked up again next time. */
static void remember_zone(struct ctx *c, const char *name, int32_t zone)
{
    if (c->zone_names == NULL && lsn_strmap_new(&c->zone_names) != LSN_OK) {
        return;
    }
    size_t before = lsn_strmap_count(c->zone_names);
    if (LSN_GROW(c->zone_ids, c->zone_ids_cap, before + 1) != LSN_OK) {
        return;
    }
    int32_t id;
    if (lsn_strmap_intern(&id, c->zone_names, name, strlen(name)) == LSN_OK &&
        (size_t)id >= before) {
        c->zone_ids[id] = zone;
    }
}

int32_t ics_zone_for_tzid(struct ctx *c, const char *tzid, int line, const char *uid)
{
    if (tzid == NULL) {
        return LSN_ZONE_FLOATING;
    }
    /* Some producers quote the value or leave blanks around it. */
    char name[256];
    size_t n = strlen(tzid);
    while (n > 0 && (*tzid == '"' || *tzid == ' ')) {
        tzid++;
        n--;
    }
    while (n > 0 && (tzid[n - 1] == '"' || tzid[n - 1] == ' ')) {
        n--;
    }
    if (n >= sizeof(name)) {
        n = sizeof(name) - 1;
    }
    memcpy(name, tzid, n);
    name[n] = '\0';
    if (n == 0) {
        return LSN_ZONE_FLOATING;
    }
    if (c->last_zone_name[0] != '\0' && strcmp(c->last_zone_name, name) == 0) {
        return c->last_zone; /* most events of a file name the same zone */
    }
    int32_t known = c->zone_names != NULL ? lsn_strmap_find(c->zone_names, name) : -1;
    if (known >= 0) {
        memcpy(c->last_zone_name, name, n + 1);
        c->last_zone = c->zone_ids[known];
        return c->last_zone;
    }
    icaltimezone *z = lsn_zone_builtin(name);
    if (z == icaltimezone_get_utc_timezone()) {
        return LSN_ZONE_UTC;
    }
    if (z != NULL) {
        int32_t id = lsn_rawset_add_builtin_zone(c->set, name, z);
        if (id >= 0) {
            remember_zone(c, name, id);
            return id;
        }
    }
    lsn_warn("%s:%d: %s: unknown time zone '%s', read as floating time", c->path, line,
             uid ? uid : "(no UID)", name);
    /* Remember the answer so the warning is given once per file and zone. */
    remember_zone(c, name, LSN_ZONE_FLOATING);
    return LSN_ZONE_FLOATING;
}

void ics_add_vtimezone(struct ctx *c, const struct block *b)
{
    int32_t id;
    int status;
    const char *tzid;
    struct scan r;
    ics_scan_block(b, false, NULL, &r);
    if (r.over != NULL) {
        lsn_warn("%s:%d: VTIMEZONE%s%s%s: %s; ignored", c->path,
                 b->line + ics_count_breaks(b->begin, r.at), r.id[0] ? " '" : "", r.id,
                 r.id[0] ? "'" : "", r.detail);
        return;
    }
    if (lsn_rawset_add_vtimezone(&id, c->set, b->begin, (size_t)(b->end - b->begin), &status,
                                 &tzid) != LSN_OK) {
        return;
    }
    if (status == LSN_VTZ_UNREADABLE) {
        lsn_warn("%s:%d: unreadable VTIMEZONE ignored", c->path, b->line);
        return;
    }
    if (status == LSN_VTZ_NO_TZID) {
        lsn_warn("%s:%d: VTIMEZONE without TZID ignored", c->path, b->line);
        return;
    }
    if (status == LSN_VTZ_TOO_COSTLY) {
        lsn_warn("%s:%d: VTIMEZONE%s%s%s: its rules would take more than %d transitions to "
                 "expand (or the load's zones more than %d); ignored",
                 c->path, b->line, r.id[0] ? " '" : "", r.id, r.id[0] ? "'" : "",
                 LSN_LIMIT_ZONE_TRANSITIONS, LSN_LIMIT_ZONE_TRANSITIONS_LOAD);
        return;
    }
    if (status != LSN_VTZ_OK) {
        return;
    }
    remember_zone(c, tzid, id);
}

/* The zone of a time property: UTC for a Z value, else its TZID, else floating. */
int32_t ics_prop_zone(struct ctx *c, icalproperty *p, icaltimetype t, int line, const char *uid)
{
    if (icaltime_is_utc(t)) {
        return LSN_ZONE_UTC;
    }
    icalparameter *tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    return ics_zone_for_tzid(c, tz ? icalparameter_get_tzid(tz) : NULL, line, uid);
}

const icaltimezone *ics_zone_ptr(struct ctx *c, int32_t zone)
{
    return zone == LSN_ZONE_FLOATING ? c->floating : lsn_rawset_zone(c->set, zone);
}

int64_t ics_to_utc(struct ctx *c, icaltimetype t, const icaltimezone *zone)
{
    /* The same instants (io/tztable.h), without libical's calendar
     * arithmetic for each of the thousands of times a zone gives. */
    return lsn_tzcache_to_utc(c->scratch->tzc, zone, t);
}
