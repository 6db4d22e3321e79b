/** @file query_cases_test.cpp
 *  @brief The query language as typed: a broad table of queries, each either
 *  parsed into a Xapian::Query that keeps every operator typed, or refused
 *  with a one-line UsageError naming the problem (issue #9 items 1-5, #14.9).
 *
 *  A row's expectation is a list separated by '|': "!text" means a UsageError
 *  containing text; "~text" means the query's description must not contain
 *  text; anything else must appear in the description. Every success is also
 *  checked to contain no operator read as a word (the sign of QueryParser's
 *  silent flag-free re-parse), every error to be one short line. The rows
 *  here: operators, brackets, proximity, fields, wildcards and dates; the
 *  characters typed: query_text_cases_test.cpp; synonyms:
 *  query_synonym_cases_test.cpp; the row and fixture: query_cases.hpp.
 */
#include "tests/unit/searcher/query_cases.hpp"

#include "common/error.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

using query_cases::QueryCase;
using query_cases::QueryCaseTest;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = text.find('|', start);
    parts.push_back(text.substr(start, bar - start));
    if (bar == std::string::npos) return parts;
    start = bar + 1;
  }
}

TEST_P(QueryCaseTest, MeansWhatWasTyped) {
  const QueryCase& row = GetParam();
  const std::vector<std::string> expect = split(row.expect);
  const bool want_error = !expect.front().empty() && expect.front().front() == '!';
  std::string description;
  std::string text;
  try {
    const RewrittenQuery rewritten = rewriter.rewrite(row.query);
    text = rewritten.text;
    BuildOptions options;
    options.mode = MatchMode::any;
    description = builder.build(rewritten, options, db).get_description();
    // Natural mode parses a second time with AND, --all only with AND: they
    // must not fall back either.
    options.mode = MatchMode::natural;
    (void)builder.build(rewritten, options, db);
    options.mode = MatchMode::all;
    (void)builder.build(rewritten, options, db);
  } catch (const UsageError& e) {
    const std::string message = e.what();
    ASSERT_TRUE(want_error) << "refused: " << message << "\n rewritten: " << text;
    EXPECT_EQ(message.rfind("query error: ", 0), 0U) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    EXPECT_LE(message.size(), 320U) << "error messages echo a bounded part of the input: " << message;
    for (const std::string& part : expect) {
      EXPECT_NE(message.find(part.substr(1)), std::string::npos) << "wanted '" << part.substr(1) << "' in: " << message;
    }
    return;
  }
  ASSERT_FALSE(want_error) << "accepted as " << description << "\n rewritten: " << text;
  for (const char* word : {" near@", "(near@", " adj@", "(adj@", " xor@", "(xor@"}) {
    EXPECT_EQ(description.find(word), std::string::npos) << "an operator became a word: " << description;
  }
  for (const std::string& part : expect) {
    if (part.empty()) continue;
    if (part.front() == '~') {
      EXPECT_EQ(description.find(part.substr(1)), std::string::npos) << "unwanted '" << part.substr(1) << "' in "
                                                                     << description << "\n rewritten: " << text;
    } else {
      EXPECT_NE(description.find(part), std::string::npos) << "wanted '" << part << "' in " << description
                                                           << "\n rewritten: " << text;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Operators, QueryCaseTest,
    ::testing::Values(
        QueryCase{"and", "oil AND gas", "Zoil@1 AND Zgas@2"},
        QueryCase{"or", "oil OR gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"not", "oil NOT gas", "Zoil@1 AND_NOT Zgas@2"},
        QueryCase{"xor", "oil XOR gas", "Zoil@1 XOR Zgas@2"},
        QueryCase{"near", "oil NEAR gas", "oil@1 NEAR 11 gas@2"},
        QueryCase{"adj", "oil ADJ gas", "oil@1 PHRASE 11 gas@2"},
        QueryCase{"near n", "oil NEAR/3 gas", "oil@1 NEAR 4 gas@2"},
        QueryCase{"adj n", "oil ADJ/2 gas", "oil@1 PHRASE 3 gas@2"},
        QueryCase{"phrase", "\"oil prices\"", "oil@1 PHRASE 2 prices@2"},
        QueryCase{"love", "+oil gas", "Zoil@1 AND_MAYBE Zgas@2"},
        QueryCase{"hate", "oil -gas", "Zoil@1 AND_NOT Zgas@2"},
        QueryCase{"wildcard", "oil*", "WILDCARD SYNONYM oil"},
        QueryCase{"title", "title:opec", "ZSopec@1"},
        QueryCase{"author", "oil author:smith", "FILTER Asmith"},
        QueryCase{"source", "oil source:reuters", "FILTER XSOURCEreuters"},
        QueryCase{"topic", "oil topic:crude", "FILTER XTOPICcrude"},
        QueryCase{"date", "oil date:2019", "FILTER Y2019"},
        QueryCase{"date alone", "date:2019", "Y2019"},
        QueryCase{"lower case and is a word", "oil and gas", "Zoil@1|Zgas@3|~AND"},
        QueryCase{"mixed case near is a word", "oil Near gas", "Znear@2|~NEAR 11"},
        QueryCase{"and not", "oil AND NOT gas", "Zoil@1 AND_NOT Zgas@2"},
        QueryCase{"not not", "oil NOT gas NOT coal", "AND_NOT Zgas@2) AND_NOT Zcoal@3"},
        QueryCase{"near chain", "oil NEAR gas NEAR coal", "oil@1 NEAR 12 gas@2 NEAR 12 coal@3"},
        QueryCase{"adj chain", "oil ADJ/2 gas ADJ/2 coal", "PHRASE 4"},
        QueryCase{"near inside and", "prices AND oil NEAR gas", "Zprice@1 AND (oil@2 NEAR 11 gas@3)"},
        QueryCase{"near then not", "oil NEAR gas NOT coal", "(oil@1 NEAR 11 gas@2) AND_NOT Zcoal@3"},
        QueryCase{"not before near", "prices NOT oil NEAR gas", "AND_NOT (oil@2 NEAR 11 gas@3)"},
        QueryCase{"excluded chain", "china -wang NEAR kamikawa", "Zchina@1 AND_NOT (wang@2 NEAR 11 kamikawa@3)"},
        QueryCase{"required chain", "china +wang NEAR kamikawa", "(wang@2 NEAR 11 kamikawa@3) AND_MAYBE Zchina@1"},
        QueryCase{"phrase near word", "\"foreign minister\" NEAR japan",
                  "foreign@1 PHRASE 2 minister@2|foreign@3 NEAR 12 minister@4 NEAR 12 japan@5"},
        QueryCase{"word near phrase", "japan NEAR \"foreign minister\"", "PHRASE 2|NEAR 12"},
        QueryCase{"title near title", "title:opec NEAR title:saudi", "Sopec@1 NEAR 11 Ssaudi@2"},
        QueryCase{"near title", "oil NEAR title:gas", "oil@1 NEAR 11 Sgas@2"},
        QueryCase{"near cjk word", "oil NEAR 中日", "oil@1 NEAR 11 中日@2"},
        QueryCase{"cjk run near word", "中日关系 NEAR oil", "中日@1 PHRASE 2 关系@2|NEAR 12"},
        QueryCase{"bracketed near", "(oil NEAR gas) AND prices", "(oil@1 NEAR 11 gas@2) AND Zprice@3"},
        QueryCase{"near of excluded bracket", "prices -(oil NEAR gas)", "AND_NOT (oil@2 NEAR 11 gas@3)"}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    Brackets, QueryCaseTest,
    ::testing::Values(
        QueryCase{"group then and", "(oil OR gas) AND prices", "(Zoil@1 OR Zgas@2) AND Zprice@3"},
        QueryCase{"nested", "oil AND (gas OR (coal AND wind))", "Zoil@1 AND (Zgas@2 OR (Zcoal@3 AND Zwind@4))"},
        QueryCase{"double brackets", "((oil))", "Zoil@1"},
        QueryCase{"spaced brackets", "oil ( gas )", "Zoil@1 OR Zgas@2"},
        QueryCase{"readme example", "opec AND (saudi OR kuwait) NOT iran", "AND_NOT Ziran@4"},
        QueryCase{"excluded group first", "-(oil gas) coal", "Zcoal@3 AND_NOT (Zoil@1 OR Zgas@2)"},
        QueryCase{"excluded group", "coal -(oil OR gas)", "Zcoal@1 AND_NOT (Zoil@2 OR Zgas@3)"},
        QueryCase{"required group", "+(oil gas) coal", "(Zoil@1 OR Zgas@2) AND_MAYBE Zcoal@3"},
        QueryCase{"mixed bracket", "oil (gas -coal)", "Zoil@1 OR (Zgas@2 AND_NOT Zcoal@3)"},
        QueryCase{"and mixed bracket", "oil AND (gas -coal)", "Zoil@1 AND (Zgas@2 AND_NOT Zcoal@3)"},
        QueryCase{"issue bracketed minus", "oil (-gas)", "Zoil@1 AND_NOT Zgas@2"},
        QueryCase{"issue bracketed minus between", "prices (-opec) cut", "AND_NOT Zopec@2|Zcut@3"},
        QueryCase{"issue bracketed or of minus", "oil AND (-gas OR -coal)", "!only excluded words"},
        QueryCase{"issue bracketed minus phrase", "oil (-\"natural gas\")", "Zoil@1 AND_NOT (natural@2 PHRASE 2 gas@3)"},
        QueryCase{"issue fields and bracketed minus", "title:opec date:2019 (-saudi)", "ZSopec@1|AND_NOT Zsaudi@2|Y2019"},
        QueryCase{"issue javascript", "Javascript:history.go(-1)", "AND_NOT 1@4"},
        QueryCase{"two minus in bracket", "oil (-gas -coal)", "AND_NOT|Zgas@2|Zcoal@3"},
        QueryCase{"minus bracket in bracket", "coal (-(oil))", "Zcoal@1 AND_NOT Zoil@2"},
        QueryCase{"bracketed minus first", "(-gas) oil", "Zoil@2 AND_NOT Zgas@1"},
        QueryCase{"bracketed minus inside group", "oil OR (gas (-coal))", "Zoil@1 OR (Zgas@2 AND_NOT Zcoal@3)"},
        QueryCase{"bracketed minus after and", "oil AND ((-gas))", "!only excluded words"},
        QueryCase{"bracketed minus after not", "oil NOT (-gas)", "!only excluded words"},
        QueryCase{"double negation", "oil -(-gas)", "!only excluded words"},
        QueryCase{"not inside bracket", "oil (NOT gas)", "!only excluded words"},
        QueryCase{"bracketed minus after or", "oil OR (-gas)", "!only excluded words"},
        QueryCase{"bracketed minus alone", "(-gas)", "!every word is excluded"},
        QueryCase{"two bracketed minus", "(-gas) (-coal)", "!every word is excluded"},
        QueryCase{"required in bracket", "oil (+gas)", "Zgas@2 AND_MAYBE Zoil@1|~Zoil@1 OR Zgas@2"},
        QueryCase{"empty brackets", "oil ()", "!empty brackets"},
        QueryCase{"punctuation brackets", "oil (!!!)", "!empty brackets"},
        QueryCase{"only brackets", "()", "!no searchable words"},
        QueryCase{"open bracket", "oil (", "!unbalanced bracket"},
        QueryCase{"close bracket", "oil )", "!unbalanced bracket"},
        QueryCase{"unbalanced nested", "((oil)", "!unbalanced bracket"},
        QueryCase{"operators glued to brackets", "(oil)AND(gas)", "Zoil@1 AND Zgas@2"},
        QueryCase{"operator glued to quotes", "\"oil\"NEAR\"gas\"", "oil@1 NEAR 11 gas@2"},
        QueryCase{"field glued to close bracket", "(oil OR gas)title:opec", "ZSopec@3"},
        QueryCase{"operator glued to close bracket", "(oil OR gas)NOT coal", "AND_NOT Zcoal@3"},
        QueryCase{"minus bracket with operator", "oil -(gas OR coal) prices", "AND_NOT (Zgas@2 OR Zcoal@3)"}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    Proximity, QueryCaseTest,
    ::testing::Values(
        QueryCase{"issue near minus", "wang NEAR -kamikawa", "!'-' inside a NEAR chain"},
        QueryCase{"issue near plus", "wang NEAR +kamikawa", "!'+' inside a NEAR chain"},
        QueryCase{"issue near bracket", "oil NEAR (gas)", "!not brackets"},
        QueryCase{"bracket near", "(oil) NEAR gas", "!not brackets"},
        QueryCase{"issue near field", "oil NEAR source:reuters", "!cannot take a field"},
        QueryCase{"near date", "oil NEAR date:2019", "!cannot take a field"},
        QueryCase{"author near", "author:smith NEAR oil", "!cannot take a field"},
        QueryCase{"issue near at end", "oil NEAR", "!NEAR needs a word or phrase on each side"},
        QueryCase{"issue near near", "oil NEAR NEAR gas", "!NEAR needs a word or phrase on each side"},
        // A boolean operator with a distance was read as the phrase "and 5".
        QueryCase{"and with distance", "oil AND/5 gas", "!'AND/5' is not an operator: only NEAR and ADJ take '/'"},
        QueryCase{"not with distance", "oil NOT/3 gas", "!NOT stands alone"},
        QueryCase{"and or", "oil AND/OR gas", "!'AND/OR' is not an operator"},
        QueryCase{"or with distance after bracket", "(oil)OR/2(gas)", "!'OR/2' is not an operator"},
        QueryCase{"lower-case and slash is words", "oil and/or gas", "and@2 PHRASE 2 or@3"},
        QueryCase{"issue wildcard near", "export* NEAR curbs", "!cannot take a wildcard"},
        QueryCase{"issue near wildcard", "oil NEAR gas*", "!cannot take a wildcard"},
        QueryCase{"near title wildcard", "oil NEAR title:ga*", "!cannot take a wildcard"},
        QueryCase{"near at start", "NEAR oil", "!NEAR needs"},
        QueryCase{"adj alone", "ADJ", "!no searchable words"},
        QueryCase{"adj at end", "oil ADJ", "!ADJ needs"},
        QueryCase{"adj n at end", "oil ADJ/4", "!ADJ/4 needs"},
        QueryCase{"mixed chain", "oil NEAR gas ADJ coal", "!one operator and distance"},
        QueryCase{"mixed distances", "oil NEAR/3 gas NEAR/5 coal", "!one operator and distance"},
        QueryCase{"and near", "oil AND NEAR gas", "!AND needs"},
        QueryCase{"near and", "oil NEAR AND gas", "!NEAR needs"},
        QueryCase{"near not", "oil NEAR NOT gas", "!NEAR needs"},
        QueryCase{"near zero", "oil NEAR/0 gas", "!from 1 to 100"},
        QueryCase{"near too far", "oil NEAR/101 gas", "!from 1 to 100"},
        QueryCase{"near letters", "oil NEAR/x gas", "!whole number"},
        QueryCase{"near slash", "oil NEAR/ gas", "!whole number"},
        QueryCase{"near huge echo capped", "oil NEAR/" + std::string(3000, '9') + " gas", "!from 1 to 100"},
        QueryCase{"near then dash", "oil NEAR - gas", "oil@1 NEAR 11 gas@2"},
        QueryCase{"single word phrases near", "\"oil\" NEAR \"gas\"", "oil@1 NEAR 11 gas@2"},
        QueryCase{"title near phrase", "title:opec NEAR \"foreign minister\"",
                  "foreign@1 PHRASE 2 minister@2|Sopec@3 NEAR 12 foreign@4 NEAR 12 minister@5"},
        QueryCase{"operators between ideographic spaces", "oil\xE3\x80\x80NEAR\xE3\x80\x80gas", "oil@1 NEAR 11 gas@2"},
        QueryCase{"operators between nbsp", "oil\xC2\xA0" "AND\xC2\xA0gas", "Zoil@1 AND Zgas@2"},
        QueryCase{"or bracket near", "(oil OR gas) NEAR coal", "!not brackets"},
        QueryCase{"near distance glued", "oil NEAR/5gas", "!whole number"},
        QueryCase{"near punctuation only", "oil NEAR !!!", "!NEAR needs"}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    StrayOperators, QueryCaseTest,
    ::testing::Values(
        QueryCase{"and at end", "oil AND", "!AND needs a word or phrase on each side"},
        QueryCase{"and at start", "AND oil", "!AND needs"},
        QueryCase{"and and", "oil AND AND gas", "!AND needs"},
        QueryCase{"or or", "oil OR OR gas", "!OR needs"},
        QueryCase{"or at end", "oil OR", "!OR needs"},
        QueryCase{"xor at end", "oil XOR", "!XOR needs"},
        QueryCase{"not at end", "oil NOT", "!NOT needs"},
        QueryCase{"not alone", "NOT", "!no searchable words"},
        QueryCase{"not not", "oil NOT NOT gas", "!NOT needs"},
        QueryCase{"or not", "oil OR NOT gas", "!NOT"},
        QueryCase{"operators only", "AND OR NOT", "!no searchable words"},
        QueryCase{"and before close", "(oil AND) gas", "!AND needs"},
        QueryCase{"or after open", "(OR oil) gas", "!OR needs"},
        QueryCase{"dangling minus", "oil -", "Zoil@1|~AND_NOT"},
        QueryCase{"dangling plus", "oil +", "Zoil@1|~AND_MAYBE"},
        QueryCase{"double dash", "oil -- gas", "Zgas@2|~AND_NOT"},
        QueryCase{"dash then punctuation", "oil -!!! gas", "Zgas@2|~AND_NOT"},
        QueryCase{"spaced dash", "oil - gas", "Zgas@2|~AND_NOT"},
        // An empty phrase is refused, not dropped (found by the outside trial).
        QueryCase{"minus empty phrase", "oil -\"\" gas", "!no searchable word"},
        QueryCase{"empty phrase", "oil \"\"", "!no searchable word"},
        QueryCase{"punctuation phrase", "oil \"!!!\"", "!no searchable word"},
        QueryCase{"empty curly phrase", "oil \u201C\u201D", "!no searchable word"},
        QueryCase{"empty title phrase", "title:\"\" oil", "!title"},
        QueryCase{"plus minus", "oil +- gas", "Zgas@2|~AND_NOT"},
        QueryCase{"or minus", "oil OR -gas", "!a '-' word cannot be an operand of OR"},
        QueryCase{"minus or", "-oil OR gas", "!a '-' word cannot be an operand of OR"},
        QueryCase{"minus and", "-oil AND gas", "!a '-' word cannot be an operand of AND"},
        QueryCase{"xor minus", "oil XOR -gas", "!operand of XOR"},
        QueryCase{"not minus", "oil NOT -gas", "!operand of NOT"},
        QueryCase{"minus bracket or", "-(oil gas) OR coal", "!operand of OR"},
        QueryCase{"or minus bracket", "coal OR -(oil gas)", "!operand of OR"},
        QueryCase{"and minus then or", "oil AND -gas OR coal", "!operand of OR"},
        QueryCase{"plus or", "+oil OR gas", "!'+' has no effect next to OR"},
        QueryCase{"or plus", "oil OR +gas", "!'+' has no effect next to OR"},
        QueryCase{"not plus", "oil NOT +gas", "!'+' has no effect next to NOT"},
        QueryCase{"and plus", "oil AND +gas", "Zoil@1 AND Zgas@2"},
        QueryCase{"and minus", "oil AND -gas", "Zoil@1 AND_NOT Zgas@2"},
        QueryCase{"plus minus signs", "oil +-gas", "Zgas@2|~AND_NOT"},
        QueryCase{"minus plus signs", "oil -+gas", "Zgas@2|~AND_NOT|~AND_MAYBE"},
        QueryCase{"plus minus number", "price +-5%", "5@2|~AND_NOT"},
        QueryCase{"stop word with and", "the AND oil", "Zthe@1 AND Zoil@2"},
        QueryCase{"stop word near", "oil NEAR the", "oil@1 NEAR 11 the@2"},
        QueryCase{"only excluded", "-oil -gas", "!every word is excluded"},
        QueryCase{"not first", "NOT oil", "!every word is excluded"},
        // a '-' or NOT before a chain's first word excludes the whole chain
        QueryCase{"only an excluded chain", "-wang NEAR kamikawa", "!every word is excluded"},
        QueryCase{"only a not chain", "NOT oil ADJ/3 gas", "!every word is excluded"},
        QueryCase{"only excluded chains", "-oil NEAR gas -coal ADJ iron", "!every word is excluded"},
        QueryCase{"excluded chain and a word", "-oil NEAR gas iron", "Ziron@3 AND_NOT (oil@1 NEAR 11 gas@2)"}),
    test::RowName{});

INSTANTIATE_TEST_SUITE_P(
    FieldsWildcardsDates, QueryCaseTest,
    ::testing::Values(
        QueryCase{"title empty", "title:", "!needs a value"},
        QueryCase{"title phrase", "title:\"oil prices\"", "Soil@1 PHRASE 2 Sprices@2"},
        QueryCase{"title wildcard", "title:sem*", "WILDCARD SYNONYM Ssem"},
        QueryCase{"excluded title", "oil -title:opec", "Zoil@1 AND_NOT ZSopec@2"},
        QueryCase{"required title", "+title:opec oil", "ZSopec@1 AND_MAYBE Zoil@2"},
        QueryCase{"title punctuation", "title:!!!", "!has no searchable word"},
        QueryCase{"title punctuation capped", "title:" + std::string(3000, '!'), "!has no searchable word"},
        QueryCase{"title bracket", "oil title:(gas)", "!not a bracket; write title:gas"},
        QueryCase{"unknown field", "foo:bar", "!unknown field 'foo:'"},
        QueryCase{"unknown long field capped", std::string(3000, 'f') + ":bar", "!unknown field"},
        QueryCase{"capitalised unknown is text", "Foo:bar", "foo"},
        QueryCase{"url", "http://example.com/a?b=1", "PHRASE"},
        QueryCase{"bad date", "date:2019-02-30", "!2019-02-30"},
        QueryCase{"huge date capped", "date:" + std::string(3000, '1'), "!not a date"},
        QueryCase{"huge date range capped", "date:2019.." + std::string(3000, '1'), "!not a date"},
        QueryCase{"inverted date", "date:2019..2018", "!inverted"},
        QueryCase{"date range", "oil date:2019-03..2020-01", "VALUE_RANGE 0 20190301 20200131"},
        QueryCase{"excluded date", "oil -date:2019", "Zoil@1 AND_NOT Y2019"},
        QueryCase{"author empty", "oil author:", "!needs a value"},
        QueryCase{"author quotes", "author:\"Yoko Kamikawa\" oil", "Ayoko-kamikawa"},
        QueryCase{"title minus value", "title:-oil", "!put '-' before the field, e.g. -title:oil"},
        QueryCase{"author plus value", "oil author:+smith", "!put '+' before the field"},
        QueryCase{"field then phrase", "title:\"oil\" gas", "Soil@1 OR Zgas@2"},
        QueryCase{"field word then word", "title:opec gas", "ZSopec@1 OR Zgas@2"},
        QueryCase{"byte order mark", "\xEF\xBB\xBFoil gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"fullwidth letters", "\xEF\xBD\x8F\xEF\xBD\x89\xEF\xBD\x8C", "Zoil@1"},
        QueryCase{"author star", "author:smi*", "!'*' is not a wildcard there"},
        QueryCase{"source star", "source:reu* oil", "!'*' is not a wildcard there"},
        QueryCase{"topic star", "oil topic:c*", "!'*' is not a wildcard there"},
        QueryCase{"quoted author star is literal", "oil author:\"smi*\"", "Asmi*"},
        QueryCase{"lone star", "*", "!'*'"},
        QueryCase{"spaced star", "oil *", "!'*'"},
        QueryCase{"hyphenated wildcard", "e-mail*", "!a wildcard must follow a single word"},
        QueryCase{"cjk run wildcard", "中日关系*", "!a wildcard must follow a single word"},
        QueryCase{"cjk word wildcard", "中日*", "WILDCARD SYNONYM 中日"},
        QueryCase{"wildcard in quotes", "\"export*\"", "!inside quotes"},
        QueryCase{"wildcard in phrase", "\"oil price*\"", "!inside quotes"},
        QueryCase{"wildcard in title phrase", "title:\"oil price*\"", "!inside quotes"},
        QueryCase{"star inside word", "ex*port", "!'*' is a wildcard only at the end of a word"},
        QueryCase{"arithmetic", "2*3", "!'*'"},
        QueryCase{"excluded wildcard", "oil -export*", "Zoil@1 AND_NOT WILDCARD SYNONYM export"},
        QueryCase{"double star", "export**", "!'export**': a wildcard is one '*' right after a word, e.g. export*"},
        QueryCase{"title double star", "title:sem**", "!a wildcard is one '*' right after a word"},
        QueryCase{"lone double star", "**", "!'*' must follow the start of a word"},
        QueryCase{"excluded lone star", "oil -*", "!'*' must follow the start of a word"},
        QueryCase{"lone excluded star", "-*", "!'*' must follow the start of a word"},
        // A '*' after punctuation is not a wildcard on the word before it
        // (budget/* ran as budget*; Xapian would drop the '*' and search budget).
        QueryCase{"slash star", "budget/*", "!'budget/*': the '*' follows '/', not a word"},
        QueryCase{"slash star names the wildcard", "oil budget/*", "!(budget* for words starting with budget)"},
        QueryCase{"hyphen star", "budget-*", "!the '*' follows '-'"},
        QueryCase{"dot star", "budget.*", "!the '*' follows '.'"},
        QueryCase{"slash double star", "budget/**", "!a wildcard is one '*'"},
        QueryCase{"quoted slash star", "\"budget/*\"", "!inside quotes"},
        QueryCase{"title slash star", "title:budget/*", "!the '*' follows '/'"},
        QueryCase{"excluded slash star", "oil -budget/*", "!the '*' follows '/'"},
        QueryCase{"cjk punctuation star", "中日。*", "!the '*' follows '。'"},
        QueryCase{"cjk comma star", "中日，*", "!the '*' follows '，'"},
        // Several words before the punctuation: no single word to suggest.
        QueryCase{"hyphenated slash star", "e-mail/*", "!a wildcard must follow a single word (this is 2 words)"},
        QueryCase{"apostrophe word wildcard", "l'export*", "WILDCARD SYNONYM export"},
        QueryCase{"wildcard and field", "export* source:reuters", "WILDCARD SYNONYM export FILTER XSOURCEreuters"}),
    test::RowName{});

// Session 17: the rest of Xapian's QueryParser syntax (its queryparser.html:
// +/- on phrases, NEAR without operands, A..B ranges, prefix:term fields)
// as Dateline reads it. A range outside date: ran as the phrase "2020 2022"
// (or one bound alone), never as a range: it is refused with the date:
// form and the words to type instead; an ellipsis stays text.
INSTANTIATE_TEST_SUITE_P(
    QueryParserSyntax, QueryCaseTest,
    ::testing::Values(
        QueryCase{"excluded phrase", "gas -\"oil price\"", "Zgas@1 AND_NOT (oil@2 PHRASE 2 price@3)"},
        QueryCase{"required phrase", "gas +\"oil price\"", "(oil@2 PHRASE 2 price@3) AND_MAYBE Zgas@1"},
        QueryCase{"near alone", "NEAR", "!no searchable words"},
        QueryCase{"near at start", "NEAR oil", "!NEAR needs a word or phrase on each side"},
        QueryCase{"adj distance alone", "oil ADJ/3", "!ADJ/3 needs a word or phrase on each side"},
        QueryCase{"site prefix", "site:bbc.com oil", "!unknown field 'site:'"},
        QueryCase{"site capitalised is text", "Site:bbc oil", "site@1"},
        QueryCase{"range of years", "oil 2020..2022",
                  "!'2020..2022': a range (A..B) works only on date: (date:2020..2022)|!write 2020 2022"},
        QueryCase{"range of numbers", "price 5..10", "!a range (A..B) works only on date:"},
        QueryCase{"open range end", "oil 1987..", "!(date:1987..)|!write 1987"},
        QueryCase{"open range start", "oil ..1987", "!(date:..1987)|!write 1987"},
        QueryCase{"excluded range", "oil -2020..2022", "!a range (A..B) works only on date:"},
        QueryCase{"quoted range is a phrase", "\"2020..2022\"", "2020@1 PHRASE 2 2022@2"},
        QueryCase{"ellipsis is text", "oil 1987...", "Zoil@1 OR 1987@2"},
        QueryCase{"dots alone are punctuation", "oil ..", "Zoil@1|~OR"},
        QueryCase{"dotted words are text", "v1..v2 oil", "PHRASE 2"}),
    test::RowName{});

// Brackets that QueryParser reads as an optional alternative, although what
// is inside only restricts (#9.1 class, found by the outside trial): a '+'
// alone in a bracket lost its requirement (`gas (+oil)` ran `gas OR oil`), and
// a bracket of only field filters beside words became an alternative
// (`oil (date:2020)` listed every 2020 article). The first is honoured as
// written outside the bracket, the second refused with a rewrite to type.
INSTANTIATE_TEST_SUITE_P(
    TrialBrackets, QueryCaseTest,
    ::testing::Values(
        QueryCase{"bracketed plus", "gas (+oil)", "Zoil@2 AND_MAYBE Zgas@1|~Zgas@1 OR Zoil@2"},
        QueryCase{"bracketed plus first", "(+oil) gas", "Zoil@1 AND_MAYBE Zgas@2|~Zoil@1 OR Zgas@2"},
        QueryCase{"bracketed plus phrase", "coal (+\"crude oil\")", "(crude@2 PHRASE 2 oil@3) AND_MAYBE Zcoal@1"},
        QueryCase{"nested bracketed plus", "gas ((+oil))", "Zoil@2 AND_MAYBE Zgas@1"},
        QueryCase{"bracketed plus date", "oil (+date:2020)", "Y2020 AND_MAYBE Zoil@1|~OR 0 * Y2020"},
        QueryCase{"bracketed plus under or", "coal OR (+oil)", "!'+' has no effect next to OR"},
        QueryCase{"bracketed plus under and", "coal AND (+oil)", "Zcoal@1 AND Zoil@2"},
        QueryCase{"bracketed plus near", "coal NEAR (+oil)", "!NEAR"},
        QueryCase{"two plus words keep their bracket", "coal (+oil +gas)", "Zcoal@1 OR (Zoil@2 AND Zgas@3)"},
        QueryCase{"bracketed date beside a word", "oil (date:2020)", "!not a restriction"},
        QueryCase{"bracketed date alternatives", "oil (date:2020 OR date:2022)", "!not a restriction"},
        QueryCase{"bracketed source", "oil (source:reuters)", "!not a restriction"},
        QueryCase{"bracketed topic before words", "(topic:crude) oil", "!not a restriction"},
        QueryCase{"bracketed date range", "oil (date:2020..2021)", "!not a restriction"},
        QueryCase{"bracketed dates under and", "oil AND (date:2020 OR date:2022)", "Zoil@1 AND (0 * Y2020 OR 0 * Y2022)"},
        QueryCase{"bracketed date alone", "(date:2020)", "Y2020"},
        QueryCase{"bracketed date excluded", "oil -(date:2020)", "Zoil@1 AND_NOT Y2020"},
        QueryCase{"bracket with word and date", "oil (gas date:2020)", "Zgas@2 FILTER Y2020"},
        QueryCase{"bracketed date after or", "oil OR (date:2020)", "Zoil@1 OR 0 * Y2020"}),
    test::RowName{});

} // namespace
} // namespace dateline::searcher
