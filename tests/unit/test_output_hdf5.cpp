// write_hdf5: every dataset read back with the HDF5 C API (values, shapes, types, attributes), and its errors.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "h5_read_support.hpp"
#include "output_test_data.hpp"
#include "plastix/core/error.hpp"
#include "plastix/record/writer_hdf5.hpp"

namespace fs = std::filesystem;
using plastix::run_results;
using plastix::test::scratch_dir;
using plastix::test::synthetic_results;
using namespace plastix::test::h5_read;

namespace {

std::vector<std::string> strings_attr(hid_t file, const std::string& obj, const std::string& name) {
  h5 attr = open_attr(file, obj, name);
  EXPECT_GE(attr.get(), 0) << obj << "@" << name;
  if (attr.get() < 0) return {};
  h5 type(H5Aget_type(attr.get()), H5Tclose);
  h5 space(H5Aget_space(attr.get()), H5Sclose);
  std::vector<char*> texts(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (!texts.empty()) {
    EXPECT_GE(H5Aread(attr.get(), type.get(), texts.data()), 0);
  }
  std::vector<std::string> out;
  for (char* t : texts) {
    out.emplace_back(t);
    H5free_memory(t);
  }
  return out;
}

template <class T>
T scalar_attr(hid_t file, const std::string& obj, const std::string& name, hid_t file_type, hid_t mem_type) {
  h5 attr = open_attr(file, obj, name);
  EXPECT_GE(attr.get(), 0) << obj << "@" << name;
  T value{};
  if (attr.get() < 0) return value;
  h5 type(H5Aget_type(attr.get()), H5Tclose);
  EXPECT_GT(H5Tequal(type.get(), file_type), 0) << obj << "@" << name << " has the wrong dtype";
  EXPECT_GE(H5Aread(attr.get(), mem_type, &value), 0);
  return value;
}
double double_attr(hid_t file, const std::string& obj, const std::string& name) {
  return scalar_attr<double>(file, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}

// Names of a group's members in creation order.
std::vector<std::string> members(hid_t file, const std::string& group) {
  std::vector<std::string> names;
  h5 g(H5Gopen2(file, group.c_str(), H5P_DEFAULT), H5Gclose);
  EXPECT_GE(g.get(), 0) << group;
  if (g.get() < 0) return names;
  H5Literate(
      g.get(), H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  return names;
}

int filter_count(hid_t file, const std::string& path) {
  h5 set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  h5 dcpl(H5Dget_create_plist(set.get()), H5Pclose);
  return H5Pget_nfilters(dcpl.get());
}

using shape = std::vector<hsize_t>;

}  // namespace

TEST(output_hdf5, writes_every_dataset_with_values_shapes_and_attributes) {
  scratch_dir dir;
  const run_results r = synthetic_results();
  const fs::path path = dir.path() / "data.h5";
  plastix::write_hdf5(r, path);

  h5 file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  ASSERT_GE(file.get(), 0);
  const hid_t f = file.get();

  // root
  EXPECT_EQ(string_attr(f, "/", "experiment"), "stdp_window");
  EXPECT_EQ(string_attr(f, "/", "version"), "9.8.7");
  EXPECT_EQ((scalar_attr<std::uint64_t>(f, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64)), 12345678901234ull);
  EXPECT_EQ(double_attr(f, "/", "dt_ms"), 0.1);
  EXPECT_EQ(double_attr(f, "/", "bio_time_ms"), 2500.0);
  EXPECT_EQ((scalar_attr<unsigned>(f, "/", "layout_version", H5T_STD_U32LE, H5T_NATIVE_UINT)),
            plastix::hdf5_layout_version);
  EXPECT_EQ(members(f, "/"), (std::vector<std::string>{"spikes", "state", "weights", "rates", "transmission", "tables"}));

  // spikes
  EXPECT_EQ(members(f, "/spikes"), (std::vector<std::string>{"exc", "inp_silent"}));
  EXPECT_EQ(string_attr(f, "/spikes/exc", "population"), "exc");
  auto st = doubles(f, "/spikes/exc/times");
  EXPECT_EQ(st.shape, shape{3});
  EXPECT_EQ(st.values, (std::vector<double>{0.1, 1.5, 2.0}));
  EXPECT_EQ(string_attr(f, "/spikes/exc/times", "unit"), "ms");
  auto ss = indices(f, "/spikes/exc/senders");
  EXPECT_EQ(ss.shape, shape{3});
  EXPECT_EQ(ss.values, (std::vector<std::uint32_t>{0, 3, 1}));
  EXPECT_EQ(string_attr(f, "/spikes/inp_silent", "population"), "inp");
  EXPECT_EQ(doubles(f, "/spikes/inp_silent/times").shape, shape{0});
  EXPECT_EQ(indices(f, "/spikes/inp_silent/senders").shape, shape{0});

  // state
  EXPECT_EQ(string_attr(f, "/state/exc_v", "population"), "exc");
  EXPECT_EQ(string_attr(f, "/state/exc_v", "variable"), "v");
  EXPECT_EQ(string_attr(f, "/state/exc_v", "unit"), "mV");
  auto vt = doubles(f, "/state/exc_v/times");
  EXPECT_EQ(vt.shape, shape{3});
  EXPECT_EQ(vt.values, (std::vector<double>{0.0, 0.1, 0.2}));
  auto vn = indices(f, "/state/exc_v/neurons");
  EXPECT_EQ(vn.shape, shape{2});
  EXPECT_EQ(vn.values, (std::vector<std::uint32_t>{0, 2}));
  auto vv = doubles(f, "/state/exc_v/values");
  EXPECT_EQ(vv.shape, (shape{3, 2}));
  EXPECT_EQ(vv.values, r.states[0].values);
  EXPECT_EQ(string_attr(f, "/state/exc_v/values", "unit"), "mV");
  EXPECT_EQ(string_attr(f, "/state/exc_w", "variable"), "w");
  EXPECT_EQ(doubles(f, "/state/exc_w/times").shape, shape{0});
  EXPECT_EQ(indices(f, "/state/exc_w/neurons").values, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(doubles(f, "/state/exc_w/values").shape, (shape{0, 3}));

  // weights
  EXPECT_EQ(string_attr(f, "/weights/ee", "projection"), "exc_exc");
  EXPECT_EQ(string_attr(f, "/weights/ee", "unit"), "nS");
  auto wt = doubles(f, "/weights/ee/times");
  EXPECT_EQ(wt.shape, shape{2});
  EXPECT_EQ(wt.values, (std::vector<double>{0.0, 2500.0}));
  EXPECT_EQ(indices(f, "/weights/ee/synapses").values, (std::vector<std::uint32_t>{0, 5, 7}));
  EXPECT_EQ(indices(f, "/weights/ee/pre").values, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(indices(f, "/weights/ee/post").values, (std::vector<std::uint32_t>{1, 1, 0}));
  auto wv = doubles(f, "/weights/ee/values");
  EXPECT_EQ(wv.shape, (shape{2, 3}));
  EXPECT_EQ(wv.values, r.weights[0].values);
  EXPECT_EQ(string_attr(f, "/weights/ee/values", "unit"), "nS");

  // rates
  EXPECT_EQ(string_attr(f, "/rates/exc_rate", "population"), "exc");
  EXPECT_EQ(double_attr(f, "/rates/exc_rate", "bin_ms"), 5.0);
  auto rt = doubles(f, "/rates/exc_rate/times");
  EXPECT_EQ(rt.shape, shape{3});
  EXPECT_EQ(rt.values, (std::vector<double>{0.0, 5.0, 10.0}));
  auto rr = doubles(f, "/rates/exc_rate/rates");
  EXPECT_EQ(rr.shape, shape{3});
  EXPECT_EQ(rr.values, (std::vector<double>{0.0, 50.0, 25.0}));
  EXPECT_EQ(string_attr(f, "/rates/exc_rate/rates", "unit"), "Hz");

  // tables: columns in their stored order, also listed in the `columns` attribute
  EXPECT_EQ(members(f, "/tables/window"), (std::vector<std::string>{"dt_ms", "dw_percent"}));
  EXPECT_EQ(strings_attr(f, "/tables/window", "columns"), (std::vector<std::string>{"dt_ms", "dw_percent"}));
  auto c0 = doubles(f, "/tables/window/dt_ms");
  EXPECT_EQ(c0.shape, shape{4});
  EXPECT_EQ(c0.values, r.tables.at("window").data[0]);
  EXPECT_EQ(doubles(f, "/tables/window/dw_percent").values, r.tables.at("window").data[1]);
  EXPECT_EQ(doubles(f, "/tables/nothing/x").shape, shape{0});

  // small datasets are stored contiguously, without filters
  EXPECT_EQ(filter_count(f, "/state/exc_v/values"), 0);
}

TEST(output_hdf5, empty_results_give_a_valid_file_with_all_groups) {
  scratch_dir dir;
  const fs::path path = dir.path() / "empty.h5";
  plastix::write_hdf5(run_results{}, path);
  h5 file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  ASSERT_GE(file.get(), 0);
  EXPECT_EQ(members(file.get(), "/"), (std::vector<std::string>{"spikes", "state", "weights", "rates", "transmission", "tables"}));
  for (const char* g : {"/spikes", "/state", "/weights", "/rates", "/transmission", "/tables"}) EXPECT_TRUE(members(file.get(), g).empty());
  EXPECT_EQ(string_attr(file.get(), "/", "experiment"), "");
  EXPECT_FALSE(string_attr(file.get(), "/", "version").empty());  // falls back to plastix::version
}

TEST(output_hdf5, large_datasets_are_compressed_and_read_back_exactly) {
  scratch_dir dir;
  run_results r;
  plastix::state_record s;
  s.name = "big";
  s.population = "exc";
  s.variable = "v";
  s.unit = "mV";
  const std::size_t samples = 1500, neurons = 70;  // 105000 values: above the compression threshold
  for (std::uint32_t i = 0; i < neurons; ++i) s.neurons.push_back(i);
  for (std::size_t t = 0; t < samples; ++t) {
    s.times.push_back(0.1 * static_cast<double>(t));
    for (std::size_t n = 0; n < neurons; ++n) s.values.push_back(-70.0 + std::sin(0.01 * double(t * neurons + n)));
  }
  r.states.push_back(s);
  plastix::spike_record sp{"many", "exc", {}, {}};
  for (std::uint32_t i = 0; i < 200000; ++i) {
    sp.times.push_back(0.1 * i);
    sp.senders.push_back(i % 97);
  }
  r.spikes.push_back(sp);

  const fs::path path = dir.path() / "big.h5";
  plastix::write_hdf5(r, path);
  h5 file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  ASSERT_GE(file.get(), 0);
  auto v = doubles(file.get(), "/state/big/values");
  EXPECT_EQ(v.shape, (shape{samples, neurons}));
  EXPECT_EQ(v.values, s.values);
  EXPECT_EQ(filter_count(file.get(), "/state/big/values"), 2);  // shuffle + gzip
  EXPECT_EQ(filter_count(file.get(), "/state/big/times"), 0);   // small: contiguous
  EXPECT_EQ(indices(file.get(), "/spikes/many/senders").values, sp.senders);
  EXPECT_EQ(doubles(file.get(), "/spikes/many/times").values, sp.times);
  EXPECT_LT(fs::file_size(path), 8u * 105000u + 12u * 200000u);  // compression did something
}

namespace {
// Expects write_hdf5 to throw plastix::error mentioning every string in `needles`, and to leave no file.
void expect_rejected(const run_results& r, const std::vector<std::string>& needles) {
  scratch_dir dir;
  const fs::path path = dir.path() / "data.h5";
  try {
    plastix::write_hdf5(r, path);
    ADD_FAILURE() << "write_hdf5 did not throw";
  } catch (const plastix::error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    for (const auto& n : needles) EXPECT_NE(message.find(n), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(path));
}
}  // namespace

TEST(output_hdf5, rejects_inconsistent_records_before_writing) {
  {
    run_results r = synthetic_results();
    r.tables["window"].data[1].pop_back();
    expect_rejected(r, {"table 'window'", "dw_percent", "3 rows"});
  }
  {
    run_results r = synthetic_results();
    r.tables["window"].columns.push_back("extra");
    expect_rejected(r, {"table 'window'", "3 columns", "2 data columns"});
  }
  {
    run_results r = synthetic_results();
    r.spikes[0].senders.pop_back();
    expect_rejected(r, {"spike record 'exc'", "3 spike times", "2 senders"});
  }
  {
    run_results r = synthetic_results();
    r.states[0].values.pop_back();
    expect_rejected(r, {"state record 'exc_v'", "5 values"});
  }
  {
    run_results r = synthetic_results();
    r.weights[0].post.pop_back();
    expect_rejected(r, {"weight record 'ee'"});
  }
  {
    run_results r = synthetic_results();
    r.weights[0].values.push_back(1.0);
    expect_rejected(r, {"weight record 'ee'", "7 values"});
  }
  {
    run_results r = synthetic_results();
    r.rates[0].rates.pop_back();
    expect_rejected(r, {"rate record 'exc_rate'"});
  }
  {
    run_results r = synthetic_results();
    r.rates[0].bin = 0.0;
    expect_rejected(r, {"rate record 'exc_rate'", "bin width"});
  }
  {
    run_results r = synthetic_results();
    r.spikes[1].name = "exc";
    expect_rejected(r, {"spike record 'exc'", "twice"});
  }
  {
    run_results r = synthetic_results();
    r.states[0].name = "a/b";
    expect_rejected(r, {"state record 'a/b'", "'/'"});
  }
  {
    run_results r = synthetic_results();
    r.weights[0].name.clear();
    expect_rejected(r, {"weight record", "empty name"});
  }
  {
    run_results r = synthetic_results();
    r.tables["window"].columns[1] = "dt_ms";
    expect_rejected(r, {"column 'dt_ms'", "twice"});
  }
}

TEST(output_hdf5, io_failures_name_the_file) {
  scratch_dir dir;
  const fs::path missing = dir.path() / "no_such_dir" / "data.h5";
  try {
    plastix::write_hdf5(synthetic_results(), missing);
    ADD_FAILURE() << "write_hdf5 did not throw";
  } catch (const plastix::error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }
  // A directory in the way is reported and left alone (not removed as a "partial file").
  const fs::path in_the_way = dir.path() / "taken";
  fs::create_directory(in_the_way);
  EXPECT_THROW(plastix::write_hdf5(synthetic_results(), in_the_way), plastix::error);
  EXPECT_TRUE(fs::is_directory(in_the_way));
  EXPECT_EQ(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0) << "a failed write left HDF5 objects open";
}
