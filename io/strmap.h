/*
 * io/strmap.h — the former name of io/idmap.h, kept only while io/load.c,
 * io/ics.c, io/raw.{h,c}, io/graph.c and io/outlook.c still include it;
 * new code includes io/idmap.h. Delete this file once none does.
 */
#ifndef LSN_IO_STRMAP_H
#define LSN_IO_STRMAP_H

#include "io/idmap.h"

#endif
