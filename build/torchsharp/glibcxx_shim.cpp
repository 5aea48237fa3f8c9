// Provides std::ios_base_library_init(), which libstdc++ gained in GCC 13 (GLIBCXX_3.4.32).
// Code built with GCC 13 calls it from <iostream> to make sure the standard streams are
// initialised; an older libstdc++ initialises them through std::ios_base::Init objects, so
// constructing one here has the same effect.
#include <ios>

namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init()
    {
        static ios_base::Init init;
    }
}
