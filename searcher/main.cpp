/** @file main.cpp
 *  @brief dateline-search executable.
 */
#include "searcher/search_main.hpp"

int main(int argc, char** argv) { return dateline::searcher::run_search_main(argc, argv); }
