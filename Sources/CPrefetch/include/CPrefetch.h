#ifndef ARDASH_CPREFETCH_H
#define ARDASH_CPREFETCH_H

// A hint that `address` is about to be read: the load starts now and does not hold up
// the instructions after it (Swift has no prefetch of its own). Never faults.
static inline void ardash_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
