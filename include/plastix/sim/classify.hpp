// Classification of a data set's images by an unsupervised network ([[analysis]] type = "classify"; Diehl & Cook
// 2015, Front Comput Neurosci 9:99): after the run, the spikes a population fired during each presentation of an
// image of a data set in a listed phase (the window [onset + delay, end of the presentation)) are its response;
// `patterns` names the training set (its presentations outside the listed phases count as training), and the
// labelling and test phases may show other data sets with the same classes (Fashion-MNIST's test file).
// `phases` lists pairs of phases [labelling, test, labelling, test, ...]:
//   labelling  each neuron is labelled with the class for which its mean response over the phase's presentations is
//              highest (a neuron that never fired is unlabelled, −1);
//   test       each image is classified as the class whose labelled neurons respond most on average (−1, wrong,
//              when none fired); accuracy = the fraction classified as their label.
// The labels come from the data set (stimulus/dataset.hpp); no label reaches the network.
//
// Tables (<t> = the table's name, "accuracy" by default; the others are named "confusion", "neuron_labels" and
// "classified" when it is, else <t>_confusion, <t>_labels, <t>_presentations):
//   <t>              one row per pair: trained (images of `patterns` presented before the labelling phase, outside
//                    the listed phases), labelled (neurons with a label), accuracy [1], tested (images)
//   confusion        one row per (pair, true class, predicted class): trained, true_label, predicted, count
//   neuron_labels    one row per (pair, neuron): trained, neuron, label, response (its mean rate for that class [Hz])
//   classified       one row per test presentation: trained, t_s (onset), image, label, predicted, spikes
//   continual        with task_classes = k > 0 (continual learning: task j holds the classes j·k … j·k + k − 1;
//                    named <t>_tasks unless <t> is "accuracy"): one row per (pair, task whose images the test phase
//                    shows): learned (the pair's number, 1, 2, ...: tasks learned when each pair follows a task),
//                    task (1, 2, ...), accuracy [1] on that task's test images (classified among every labelled
//                    class: class-incremental), tested (its images)
// Metrics: accuracy.<t> (the last pair), accuracy.<t>.<test phase>.
#pragma once
#include "plastix/record/monitors.hpp"
#include "plastix/spec/experiment.hpp"

namespace plastix {

void classify_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results);

// The names of the tables a classify analysis writes, in the order above.
std::vector<std::string> classify_tables(const analysis_spec& a);

}  // namespace plastix
