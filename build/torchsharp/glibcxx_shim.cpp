// Provides std::ios_base_library_init(), which libstdc++ gained in GCC 13 (GLIBCXX_3.4.32).
// Code built with GCC 13 calls it from <iostream> to make sure the standard streams are
// initialised; an older libstdc++ initialises them through std::ios_base::Init objects, so
// constructing one here has the same effect.
//
// The Init object is created once and never destroyed, and the library is linked without the
// compiler's start files (fix-libtorchsharp.sh: -nostartfiles), so it has no destructor and no
// .fini_array at all: long key-generation runs died with SIGSEGV at exit, jumping to this
// library's unrelocated __do_global_dtors_aux (address 0x1120); the standard streams are flushed
// by libstdc++'s own Init anyway.
#include <ios>
#include <new>

namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init()
    {
        static ios_base::Init* const init = new ios_base::Init();
        (void)init;
    }
}
