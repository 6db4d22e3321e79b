/** @file query_text_cases_test.cpp
 *  @brief Rows of the typed-query table (query_cases.hpp) about the
 *  characters typed: text pasted from elsewhere, every kind of separator,
 *  quote marks, and numbers and Hebrew abbreviations read as the index
 *  reads them (parity).
 */
#include "tests/unit/searcher/query_cases.hpp"

#include "tests/support/param_name.hpp"
#include "tests/support/repeat.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dateline::searcher {
namespace {

using query_cases::QueryCase;
using query_cases::QueryCaseTest;
using test::repeat;

// Two words separated by @p separator must stay two words.
QueryCase space(const char* name, const char* separator) {
  return QueryCase{name, std::string("oil") + separator + "gas", "Zoil@1 OR Zgas@2|~PHRASE"};
}

INSTANTIATE_TEST_SUITE_P(
    PastedText, QueryCaseTest,
    ::testing::Values(
        QueryCase{"inch mark", "a 12\" pipe", "12@2 OR Zpipe@3|~PHRASE"},
        QueryCase{"quoted inch mark", "He said \"no\" 12\" pipe", "no@3|Zpipe@5"},
        QueryCase{"primes", "5\xE2\x80\xB2 11\xE2\x80\xB3 tall", "Ztall"},
        QueryCase{"smiley", "great news :-)", "!unbalanced bracket"},
        QueryCase{"short smiley", "great news :)", "!unbalanced bracket"},
        QueryCase{"sad smiley", "oil :-( gas", "!unbalanced bracket"},
        QueryCase{"wink", "oil ;-) gas", "!unbalanced bracket"},
        QueryCase{"emoji", "\xF0\x9F\x98\x80 oil", "Zoil@1"},
        QueryCase{"emoji with skin tone", "oil \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"cpp code", "std::vector<int> v;", "!unknown field 'std:'"},
        QueryCase{"c code", "if (x > 0) { return -1; }", "AND_NOT 1@"},
        QueryCase{"c plus plus", "C++ templates", "Ztemplat"},
        QueryCase{"apostrophes", "rock'n'roll", "Zrock'n'rol@1"},
        QueryCase{"curly apostrophe", "don\xE2\x80\x99t panic", "don't@1"},
        QueryCase{"hyphenated", "e-mail address", "e@1 PHRASE 2 mail@2"},
        QueryCase{"acronym and hyphen", "U.S.-China trade", "Ztrade"},
        QueryCase{"money", "$5.3 billion", "5.3@1"},
        QueryCase{"percent", "50% of oil", "50@1"},
        QueryCase{"em dash", "oil\xE2\x80\x94gas", "oil@1 PHRASE 2 gas@2"},
        QueryCase{"ampersand", "oil & gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"hash and at", "#opec @reuters", "Zopec@1 OR Zreuter@2"},
        QueryCase{"html", "<b>oil</b> prices", "Zprice"},
        QueryCase{"email address", "press@opec.org", "PHRASE"},
        QueryCase{"question", "what did opec say?", "Zopec|Zsay"},
        QueryCase{"ellipsis", "oil... gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"numbers", "oil 5.93 mln", "5.93@2"},
        QueryCase{"thousands comma", "1,000 barrels", "1,000@1"},
        QueryCase{"word over the term cap", "oil " + std::string(65, 'x'), "!longer than 64 bytes"},
        QueryCase{"word over the term cap in a url", "oil http://example.com/" + std::string(70, 'q'),
                  "!longer than 64 bytes"},
        QueryCase{"word at the term cap", "oil " + std::string(64, 'x'), "Zoil@1|" + std::string(64, 'x')},
        QueryCase{"long cjk run is segmented", repeat("\xE4\xB8\xAD\xE6\x97\xA5\xE5\x85\xB3\xE7\xB3\xBB", 8),
                  "PHRASE"}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    Separators, QueryCaseTest,
    ::testing::Values(
        space("nbsp", "\xC2\xA0"), space("ogham space", "\xE1\x9A\x80"), space("en quad", "\xE2\x80\x80"),
        space("em quad", "\xE2\x80\x81"), space("en space", "\xE2\x80\x82"), space("em space", "\xE2\x80\x83"),
        space("three per em", "\xE2\x80\x84"), space("four per em", "\xE2\x80\x85"),
        space("six per em", "\xE2\x80\x86"), space("figure space", "\xE2\x80\x87"),
        space("punctuation space", "\xE2\x80\x88"), space("thin space", "\xE2\x80\x89"),
        space("hair space", "\xE2\x80\x8A"), space("narrow nbsp", "\xE2\x80\xAF"),
        space("math space", "\xE2\x81\x9F"), space("ideographic space", "\xE3\x80\x80"),
        space("next line", "\xC2\x85"), space("line separator", "\xE2\x80\xA8"),
        space("paragraph separator", "\xE2\x80\xA9"), space("tab", "\t"), space("newline", "\n"),
        space("carriage return", "\r"), space("vertical tab", "\v"), space("form feed", "\f"),
        space("del", "\x7f"), space("soh", "\x01"),
        space("c1 control", "\xC2\x99"), space("c1 csi alone", "\xC2\x9B "), space("esc alone", "\x1b "),
        // A complete escape sequence is removed as the indexer removes it
        // (separate_control_chars), so the words it sat between stay one word.
        QueryCase{"csi colour as in the index", "oil\x1b[31mgas", "oilga@1|~Zoil@"},
        QueryCase{"osc title as in the index", "oil\x1b]0;t\x07gas", "oilga@1|~Zoil@"},
        QueryCase{"nul inside", std::string("oil\0gas", 7), "Zoil@1 OR Zgas@2"},
        QueryCase{"issue del", "weird\x7fstuff", "Zweird@1 OR Zstuff@2"},
        QueryCase{"issue ideographic space", "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x80\x80\xE5\xA4\xA7\xE9\x98\xAA",
                  "(2 * \xE6\x9D\xB1\xE4\xBA\xAC OR XBI\xE6\x9D\xB1\xE4\xBA\xAC) OR (2 * \xE5\xA4\xA7\xE9\x98\xAA OR XBI\xE5\xA4\xA7\xE9\x98\xAA)"},
        QueryCase{"unterminated osc keeps text", "oil \x1b]unterminated gas", "Zuntermin"},
        QueryCase{"csi with space keeps word", "oil\x1b[ beta", "Zbeta"},
        QueryCase{"nbsp in phrase", "\"foreign\xC2\xA0minister\"", "foreign@1 PHRASE 2 minister@2"}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    Quotes, QueryCaseTest,
    ::testing::Values(
        QueryCase{"curly double", "\xE2\x80\x9C" "foreign minister" "\xE2\x80\x9D", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"german low high", "\xE2\x80\x9E" "foreign minister" "\xE2\x80\x9C", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"guillemets", "\xC2\xAB" "foreign minister" "\xC2\xBB", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"spaced guillemets", "\xC2\xAB foreign minister \xC2\xBB", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"swiss guillemets", "\xC2\xBB" "foreign minister" "\xC2\xAB", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"single guillemets", "\xE2\x80\xB9" "foreign minister" "\xE2\x80\xBA", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"corner brackets", "\xE3\x80\x8C" "foreign minister" "\xE3\x80\x8D", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"white corner brackets", "\xE3\x80\x8E" "\xE6\x9D\xB1\xE4\xBA\xAC" "\xE3\x80\x8F",
                  "(2 * \xE6\x9D\xB1\xE4\xBA\xAC OR XBI\xE6\x9D\xB1\xE4\xBA\xAC)"},
        QueryCase{"fullwidth quote", "\xEF\xBC\x82" "foreign minister" "\xEF\xBC\x82", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"curly single", "\xE2\x80\x98" "foreign minister" "\xE2\x80\x99", "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"curly single then word", "\xE2\x80\x98" "foreign minister" "\xE2\x80\x99 japan",
                  "(foreign@1 PHRASE 2 minister@2) OR Zjapan@3"},
        QueryCase{"curly single with comma", "\xE2\x80\x98" "foreign minister" "\xE2\x80\x99, japan",
                  "foreign@1 PHRASE 2 minister@2"},
        QueryCase{"apostrophe is not a quote", "don\xE2\x80\x99t panic", "don't@1|~PHRASE"},
        QueryCase{"leading single quote alone", "\xE2\x80\x98tis the season", "Zseason|~PHRASE"},
        QueryCase{"single quotes around apostrophe", "\xE2\x80\x98" "don\xE2\x80\x99t panic" "\xE2\x80\x99",
                  "don't@1 PHRASE 2 panic@2"},
        QueryCase{"unclosed curly", "\xE2\x80\x9C" "foreign minister", "Zforeign@1 OR Zminist@2|~PHRASE"},
        QueryCase{"stray curly", "oil \xE2\x80\x9D", "Zoil@1"},
        QueryCase{"excluded curly phrase", "\"foreign minister\" -\xE2\x80\x9C" "prime minister" "\xE2\x80\x9D",
                  "AND_NOT (prime@3 PHRASE 2 minister@4)"},
        QueryCase{"title curly", "title:\xE2\x80\x9C" "oil prices" "\xE2\x80\x9D", "Soil@1 PHRASE 2 Sprices@2"},
        QueryCase{"author curly", "oil author:\xE2\x80\x9CYoko Kamikawa\xE2\x80\x9D", "Ayoko-kamikawa"},
        QueryCase{"long unclosed quote capped", "\"" + repeat("word ", 500), "!more than 64 words"}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    Parity, QueryCaseTest,
    ::testing::Values(
        QueryCase{"swiss thousands", "1'000'000", "1'000'000|~000@"},
        QueryCase{"issue swiss francs", "CHF 1'000'000", "Zchf@1|1'000'000|~000@"},
        QueryCase{"arabic thousands", "1\xD9\xAC" "000", "1\xD9\xAC" "000|~000@"},
        QueryCase{"arabic digits", "\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xAC\xD9\xA4\xD9\xA5\xD9\xA6",
                  "\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xAC\xD9\xA4\xD9\xA5\xD9\xA6"},
        QueryCase{"gershayim", "\xD7\xA6\xD7\x94\"\xD7\x9C", "\xD7\xA6\xD7\x94\"\xD7\x9C"},
        QueryCase{"gershayim usa", "\xD7\x90\xD7\xA8\xD7\x94\"\xD7\x91 oil", "\xD7\x90\xD7\xA8\xD7\x94\"\xD7\x91|Zoil"},
        QueryCase{"gershayim in phrase", "\"\xD7\xA6\xD7\x94\"\xD7\x9C soldiers\"",
                  "\xD7\xA6\xD7\x94\"\xD7\x9C PHRASE 2 soldiers"},
        QueryCase{"hebrew quotes are quotes", "\"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\" oil", "Zoil"},
        QueryCase{"thousands wildcard", "1'000*", "WILDCARD SYNONYM 1'000"},
        QueryCase{"thousands title", "title:1'000'000", "S1'000'000"},
        QueryCase{"thousands near", "1'000'000 NEAR chf", "1'000'000 NEAR 11 chf"},
        QueryCase{"thousands near n", "chf ADJ/3 1'000'000", "chf PHRASE 4 1'000'000"},
        QueryCase{"thousands excluded", "oil -1'000'000", "AND_NOT 1'000'000"},
        QueryCase{"thousands phrase", "\"price 1'000'000\"", "price PHRASE 2 1'000'000"},
        QueryCase{"thousands in phrase near", "\"chf 1'000'000\" NEAR price", "chf PHRASE 2 1'000'000|chf NEAR 12 1'000'000 NEAR 12 price"}),
    test::RowName{});

} // namespace
} // namespace dateline::searcher
