#include "plastix/io/respecify.hpp"

#include <utility>

#include "plastix/io/config.hpp"

namespace plastix {

namespace {

std::vector<std::string> joined(const std::vector<std::string>& base, const std::vector<std::string>& point) {
  std::vector<std::string> all = base;
  all.insert(all.end(), point.begin(), point.end());
  return all;
}

}  // namespace

respecify_fn respecify_file(std::string path, std::vector<std::string> base) {
  return [path = std::move(path), base = std::move(base)](const std::vector<std::string>& point) {
    return load_experiment(path, joined(base, point));
  };
}

respecify_fn respecify_text(std::string text, std::string file_name, std::vector<std::string> base) {
  return [text = std::move(text), file_name = std::move(file_name),
          base = std::move(base)](const std::vector<std::string>& point) {
    return parse_experiment(text, file_name, joined(base, point));
  };
}

}  // namespace plastix
