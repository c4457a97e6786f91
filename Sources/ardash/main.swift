// One malloc arena: loading and the dashboard model run on two threads, and glibc's
// default (up to eight arenas per core) keeps memory freed in one thread's arena out of
// reach of the others, which raised the peak by about 15 MB at 1M documents (57 MB over
// a whole `bench`). Small allocations still come from per-thread caches: no slower in
// `bench`, nor on 400k documents with 55-byte references (one malloc each). `mallopt`
// is in <malloc.h>, which Swift's Glibc module does not import; M_ARENA_MAX is -8 there.
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
_ = mallopt(-8, 1)
ArdashCommand.main()
