/*
 * io/sort.h — sorting plain integer arrays without qsort's callback per
 * comparison, for lists that usually arrive as a few ascending runs (a
 * person's meetings: one run per series).
 */
#ifndef LSN_IO_SORT_H
#define LSN_IO_SORT_H

#include <stddef.h>
#include <stdint.h>

/**
 * Sort v[0..n) ascending: a natural merge sort (ascending runs found, then
 * merged pairwise), O(n) when v is sorted already and O(n log r) for r
 * runs. tmp must hold n values; its content is not kept.
 */
void lsn_sort_i64(int64_t *v, size_t n, int64_t *tmp);

#endif
