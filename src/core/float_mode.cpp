#include "plastix/core/float_mode.hpp"

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

namespace plastix {

#if defined(__SSE2__)
namespace {
constexpr unsigned ftz = 0x8000;  // MXCSR bit 15: flush subnormal results to zero
constexpr unsigned daz = 0x0040;  // MXCSR bit 6: subnormal inputs are read as zero
}  // namespace

unsigned float_control() { return _mm_getcsr(); }
void set_float_control(unsigned word) { _mm_setcsr(word); }

flush_subnormals::flush_subnormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | ftz | daz); }
flush_subnormals::~flush_subnormals() { _mm_setcsr(saved_); }
#else
unsigned float_control() { return 0; }
void set_float_control(unsigned) {}
flush_subnormals::flush_subnormals() = default;
flush_subnormals::~flush_subnormals() = default;
#endif

}  // namespace plastix
