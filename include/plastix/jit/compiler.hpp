// Native code compiled while plastix runs (rules written as equations, docs/equations.md): C++ source is compiled
// into a shared library with the compiler and flags that built plastix, loaded with dlopen, and cached by the hash
// of the source, the compiler and its flags, so that a second run loads it without compiling.
// The cache: $PLASTIX_CACHE_DIR, else $XDG_CACHE_HOME/plastix, else ~/.cache/plastix. It holds, per hash,
// plastix-<hash>.cpp (the source), plastix-<hash>.so, and plastix-<hash>.log (the compiler's output) when the compiler
// failed. Nothing else is written there; removing the folder is always safe.
#pragma once
#include <memory>
#include <string>

namespace plastix::jit {

// The cache folder, from the environment (see above).
std::string cache_dir();

// A loaded library; it stays loaded while any copy of it lives.
class library {
 public:
  // The address of the C function `name`; throws plastix::error when the library has none.
  void* symbol(const std::string& name) const;
  bool compiled_now = false;    // false: loaded from the cache
  double compile_seconds = 0;  // [s] when compiled_now
  std::string path;             // of the .so

 private:
  friend library load(const std::string& source, const std::string& what, const std::string& dir);
  std::shared_ptr<void> handle_;
};

// Compiles `source` (or finds it in the cache folder `dir`; "" = cache_dir()) and loads it. `what` names it in
// messages ("rule 'stdp_eq'"). Throws plastix::error in plain words when the compiler fails (with the paths of its
// output and of the source) or the cache folder cannot be written.
library load(const std::string& source, const std::string& what, const std::string& dir = "");

// The hash naming a source in the cache (of the source, the compiler and its flags): 16 hex digits.
std::string cache_key(const std::string& source);

}  // namespace plastix::jit
