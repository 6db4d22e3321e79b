/** @file document_builder.cpp
 *  @brief Terms, values and data of one article's document.
 */
#include "indexer/document_builder.hpp"

#include "common/near_duplicate.hpp"
#include "common/schema.hpp"
#include "common/term_generator.hpp"

#include <algorithm>

namespace dateline::indexer {
namespace {

/// Adds a boolean term unless it is empty or over Xapian's limit.
void add_boolean(Xapian::Document& doc, const std::string& term, std::size_t& dropped) {
  if (term.empty()) {
    return;
  }
  if (term.size() > schema::k_xapian_max_term_bytes) {
    ++dropped;
    return;
  }
  doc.add_boolean_term(term);
}

std::string join_topics(const std::vector<std::string>& topics) {
  std::string out;
  for (const auto& topic : topics) {
    if (!out.empty()) {
      out += ',';
    }
    out += topic;
  }
  return out;
}

void add_field_term(const TextAnalyzer& analyzer, Xapian::Document& doc, std::string_view prefix,
                    const std::string& value, std::size_t& dropped) {
  if (value.empty()) {
    return;
  }
  const std::string normalised = analyzer.normalize(value);
  if (normalised.empty()) {
    return;
  }
  add_boolean(doc, schema::field_value_term(prefix, normalised), dropped);
}

} // namespace

bool is_spelling_word(const std::string& term) {
  if (term.size() < 2) {
    return false;
  }
  bool has_letter = false;
  for (std::size_t i = 0; i < term.size();) {
    const auto c = static_cast<unsigned char>(term[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      has_letter = true;
      ++i;
    } else if (c == '\'') {
      ++i;
    } else if (c >= 0xC3 && c <= 0xC9 && i + 1 < term.size()) {
      // Two-byte sequences for U+00C0..U+024F (Latin-1 Supplement letters, Latin Extended-A/B).
      const auto c2 = static_cast<unsigned char>(term[i + 1]);
      const unsigned cp = ((c & 0x1FU) << 6U) | (c2 & 0x3FU);
      if ((c2 & 0xC0U) != 0x80U || cp < 0xC0 || cp > 0x24F || cp == 0xD7 || cp == 0xF7) {
        return false;
      }
      has_letter = true;
      i += 2;
    } else {
      return false;
    }
  }
  return has_letter;
}

void set_file_values(Xapian::Document& doc, const FileStat& stat, const std::string& content_hash) {
  doc.add_value(schema::k_slot_file_state, schema::pack_file_state(stat.mtime_ns, stat.size, stat.inode_key()));
  doc.add_value(schema::k_slot_content_hash, schema::pack_hash(content_hash));
}

BuiltDocument build_document(const TextAnalyzer& analyzer, const Article& article, const SourceFile& file,
                             StemTerms stems) {
  const bool stems_differing = stems == StemTerms::differing;
  BuiltDocument built;
  Xapian::Document& doc = built.document;

  // Free text: title words (weighted, also under S) then the body after a
  // gap, within one budget of distinct words. Terms reach the document a
  // piece of text at a time (a 16 MB article never has all its terms in a
  // vector), and never one over Xapian's limit: it would discard the batch.
  WordBudget words;
  const auto add_checked = [&](std::vector<IndexTerm>& piece) {
    const auto too_long = [](const IndexTerm& t) {
      return t.term.empty() || t.term.size() > schema::k_xapian_max_term_bytes;
    };
    const auto before = piece.size();
    piece.erase(std::remove_if(piece.begin(), piece.end(), too_long), piece.end());
    built.terms_dropped += before - piece.size();
    add_terms(doc, piece);
  };
  // The near-duplicate signature (#11.1) reads the same words
  // (near_dup::text_signature): the body's, or the title's when it has none
  // (so the title's words are only kept, and hashed once the body turns out
  // to have none).
  std::vector<std::string> title_words;
  near_dup::SignatureBuilder body_signature;
  const TermSink add_title = [&](std::vector<IndexTerm>& piece) {
    for (const IndexTerm& t : piece) {
      if (t.position != 0) title_words.push_back(t.term);
    }
    add_checked(piece);
  };
  const TermSink add_body = [&](std::vector<IndexTerm>& piece) {
    for (const IndexTerm& t : piece) {
      if (t.position != 0) body_signature.add_word(t.term);
    }
    add_checked(piece);
  };
  // The title's S and ZS terms (title: and its phrases) come from the same
  // tokens as its unprefixed ones, with positions of their own from 1 and
  // wdf 1 (#15.5: the title is analysed once).
  const TermSink add_title_terms = add_checked;
  TermOptions title_options;
  title_options.prefix = "";
  title_options.first_position = 1;
  title_options.wdf = schema::k_title_wdf;
  title_options.budget = &words;
  title_options.stems_only_where_differ = stems_differing;
  // The wdf of the stem terms left out, given to the marker below, so the
  // document keeps the length every stem term gives it (session 15).
  Xapian::termcount left_out_stem_wdf = 0;
  title_options.left_out_stem_wdf = &left_out_stem_wdf;
  Xapian::termpos bigram_position = 1;  // CJK bigrams (#13.3): positions of their own
  title_options.bigram_position = &bigram_position;
  title_options.copy_sink = &add_title_terms;
  title_options.copy_prefix = schema::k_prefix_title;
  title_options.copy_first_position = 1;
  title_options.copy_wdf = 1;
  // A title derived from the text (#13.1, corpus/README.md §1.3 rule 3) is
  // not a headline: its words are the body's first sentence, indexed there,
  // so it adds no S/ZS terms, no title wdf and no title positions.
  const Xapian::termpos after_title = article.title_derived
                                          ? title_options.first_position
                                          : generate_terms(analyzer, article.title, title_options, add_title);

  TermOptions body_options;
  body_options.prefix = "";
  body_options.first_position = after_title + schema::k_body_position_offset;
  body_options.budget = &words;
  body_options.stems_only_where_differ = stems_differing;
  body_options.left_out_stem_wdf = &left_out_stem_wdf;
  bigram_position = std::max(bigram_position, body_options.first_position);
  body_options.bigram_position = &bigram_position;
  generate_terms(analyzer, article.body, body_options, add_body);
  built.truncated = words.exhausted();
  // Spelling words: the unprefixed terms of title and body with their wdf
  // (what the word adds to its collection frequency), read from the
  // document's own sorted, distinct term list once it is complete (#15.5:
  // no second map of every word per document). Prefixes are upper-case
  // ASCII and the analyzer case-folds, so an unprefixed term never starts
  // with one.
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    std::string term = *it;
    if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z') || !is_spelling_word(term)) continue;
    built.spelling.emplace_back(std::move(term), it.get_wdf());
  }

  // Identity and filters.
  built.unique_term = schema::unique_term(file.root, file.relative);
  add_boolean(doc, built.unique_term, built.terms_dropped);
  schema::DocumentData data;
  if (article.date) {
    const std::string compact = article.date->compact();
    doc.add_value(schema::k_slot_date, compact);
    add_boolean(doc, std::string(schema::k_prefix_date) + compact, built.terms_dropped);
    add_boolean(doc, std::string(schema::k_prefix_month) + compact.substr(0, 6), built.terms_dropped);
    add_boolean(doc, std::string(schema::k_prefix_year) + compact.substr(0, 4), built.terms_dropped);
    if (article.date_source == DateSource::mtime) {  // re-dated when --undated changes
      add_boolean(doc, std::string(schema::k_term_mtime_date), built.terms_dropped);
    }
  } else {
    add_boolean(doc, std::string(schema::k_term_undated), built.terms_dropped);
  }
  // Title and body above gave their CJK runs' edge terms (#13.3).
  add_boolean(doc, std::string(schema::k_term_cjk_edges), built.terms_dropped);
  // ... and their joins to the numbers and Latin words written against them (session 13).
  add_boolean(doc, std::string(schema::k_term_cjk_joins), built.terms_dropped);
  // ... and only a real headline gave S/ZS terms and title wdf (#13.1).
  add_boolean(doc, std::string(schema::k_term_headline_titles), built.terms_dropped);
  // ... and, with --stem-terms differing, Z/ZS terms only where a stem differs from its word (session 14),
  // the marker holding the wdf they left out: the document's length is that of every stem term (session 15).
  if (stems_differing) add_stems_differ_marker(doc, left_out_stem_wdf);
  add_field_term(analyzer, doc, schema::k_prefix_author, article.author, built.terms_dropped);
  add_field_term(analyzer, doc, schema::k_prefix_source, article.source, built.terms_dropped);
  for (const auto& topic : article.topics) {
    add_field_term(analyzer, doc, schema::k_prefix_topic, topic, built.terms_dropped);
  }

  set_file_values(doc, file.stat, file.content_hash);

  // Near-duplicate candidates and verification (#11.1); the story itself
  // (k_slot_story) is assigned by indexer/stories.hpp once the run has written.
  if (body_signature.words() == 0) {
    for (const std::string& word : title_words) body_signature.add_word(word);
  }
  const near_dup::Signature signature = body_signature.finish();
  if (!signature.empty) {
    for (const std::string& band : near_dup::band_terms(signature)) add_boolean(doc, band, built.terms_dropped);
    doc.add_value(schema::k_slot_signature,
                  near_dup::pack({near_dup::member_key(built.unique_term), signature}));
  }

  data.path = file.relative;
  data.root = file.root;
  data.title = article.title;
  data.title_derived = article.title_derived;
  if (article.date) data.date = article.date->iso();
  data.source = article.source;
  data.author = article.author;
  data.topics = join_topics(article.topics);
  data.text = article.body;
  doc.set_data(data.serialize());
  return built;
}

} // namespace dateline::indexer
