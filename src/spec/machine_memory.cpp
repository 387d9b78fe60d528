// The memory a run may take on this machine (spec/resources.hpp machine_memory): the memory checks compare their
// estimates with it. Not the machine's total: what the kernel says it can give without swapping (MemAvailable, which
// counts free memory and reclaimable caches), and within a container the room left under its cgroup's limit.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "plastix/spec/resources.hpp"

namespace plastix {

namespace {

// The first number of the file (bytes), or none when it is missing or holds none ("max": no limit).
std::optional<double> number_in(const std::string& path) {
  std::ifstream in(path);
  double value = 0.0;
  if (!(in >> value) || value <= 0.0) return std::nullopt;
  return value;
}

// /proc/meminfo's MemAvailable [bytes]; none on kernels without it.
std::optional<double> mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) != 0) continue;
    std::istringstream fields(line.substr(13));
    double kib = 0.0;
    if (fields >> kib) return kib * 1024.0;
  }
  return std::nullopt;
}

// Room under this process's cgroup memory limit [bytes] (cgroup v2, else v1); none without a limit.
std::optional<double> cgroup_room() {
  for (const auto& [limit, usage] : {std::pair{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
                                     std::pair{"/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                               "/sys/fs/cgroup/memory/memory.usage_in_bytes"}}) {
    const std::optional<double> max = number_in(limit);
    if (!max || *max >= 1e18) continue;  // v1 writes "no limit" as a huge number
    return std::max(0.0, *max - number_in(usage).value_or(0.0));
  }
  return std::nullopt;
}

}  // namespace

double machine_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0.0;
  double memory = static_cast<double>(pages) * static_cast<double>(page_size);
  if (const auto available = mem_available()) memory = std::min(memory, *available);
  if (const auto room = cgroup_room()) memory = std::min(memory, *room);
  return memory;
}

}  // namespace plastix
