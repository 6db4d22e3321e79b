/** @file schema.hpp
 *  @brief The index schema: term prefixes, value slots, document data, metadata.
 *
 *  This file and docs/index-schema.md say the same thing; change both together
 *  and bump k_schema_version when an existing database would be read wrongly.
 *  Conventions follow Xapian Omega (docs/termprefixes.rst, values.h).
 */
#pragma once

#include "common/date.hpp"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::schema {

/// Stored under k_meta_schema_version; the searcher refuses any other value.
/// Version 2: change-detection values are binary (see the slots below), the
/// date lives only in k_slot_date, and spelling targets need two documents.
/// Version 3: the unique id is the file's absolute path (root included), the
/// roots and document-shaping options are recorded, dates taken from the
/// mtime are marked (k_term_mtime_date); every added or changed document
/// carries an indexing sequence number (k_slot_seq, k_meta_seq).
/// Version 4 (#11, #15.5): mtime, size and inode in one slot
/// (k_slot_file_state), near-duplicate band terms in a shorter form.
inline constexpr int k_schema_version = 4;

// ---- Term prefixes -------------------------------------------------------
// Free-text terms: unprefixed (body and title, with positions), stems with Z.
inline constexpr std::string_view k_prefix_stem = "Z";          ///< Z<stem>, stemmed body+title words
inline constexpr std::string_view k_prefix_title = "S";         ///< S<term> title words, positional
inline constexpr std::string_view k_prefix_unique = "Q";        ///< Q<absolute path>: unique id
inline constexpr std::string_view k_prefix_date = "D";          ///< DYYYYMMDD boolean
inline constexpr std::string_view k_prefix_month = "M";         ///< MYYYYMM boolean
inline constexpr std::string_view k_prefix_year = "Y";          ///< YYYYY boolean
inline constexpr std::string_view k_prefix_author = "A";        ///< A<normalised author> boolean
inline constexpr std::string_view k_prefix_source = "XSOURCE";  ///< XSOURCE<normalised source> boolean
inline constexpr std::string_view k_prefix_topic = "XTOPIC";    ///< XTOPIC<normalised topic> boolean
inline constexpr std::string_view k_term_undated = "XUNDATED";  ///< present on documents without a date
/// Present on documents whose date is the file's mtime (--undated=mtime).
inline constexpr std::string_view k_term_mtime_date = "XMTIMEDATE";
/// XBI<two characters>: overlapping character bigrams of CJK runs (#13.3,
/// common/cjk_bigrams), from title and body like the unprefixed words, with
/// positions of their own (consecutive within a run, a gap between runs, the
/// body's after the title's), so a fragment query is a phrase of bigrams.
/// Never stemmed, never spelling words. Title-only (S) bigrams are not kept.
inline constexpr std::string_view k_prefix_bigram = "XBI";
/// XBF<one character> / XBL<one character>: the first / last character of
/// each CJK run (common/cjk_bigrams), from title and body, without
/// positions (wdf counts them), so a fragment cut right after / before one
/// character of a longer run ("惠。中方" out of "优惠。中方") still asks for
/// it (#13.3). Additive to schema 4: a database holds them for every
/// document only when k_term_cjk_edges is on every document.
inline constexpr std::string_view k_prefix_run_first = "XBF";
inline constexpr std::string_view k_prefix_run_last = "XBL";
/// Boolean, on every document written with XBF/XBL terms (its text may have
/// no CJK at all). The searcher asks for XBF/XBL terms only when this term's
/// frequency equals the document count (every --db together): an older
/// database, or one an older indexer added to, is searched as before.
inline constexpr std::string_view k_term_cjk_edges = "XCJKEDGES";
/// XBN<character><1-4 characters> / XBP<1-4 characters><character>: a CJK
/// run's last (first) character joined to the first (last) 1 to 4
/// characters of the number or Latin word written right after (before) it
/// (#13.3, session 13; common/cjk_bigrams CjkJoin): "病例1102" gives XBN例1,
/// XBN例11, XBN例110, XBN例1102, so a fragment cut inside the number
/// ("病例11") still asks for it. Without positions (wdf counts them).
/// Additive to schema 4, used only where k_term_cjk_joins is on every
/// document.
inline constexpr std::string_view k_prefix_join_after = "XBN";
inline constexpr std::string_view k_prefix_join_before = "XBP";
/// Boolean, on every document written with XBN/XBP terms (its text may have
/// no CJK at all); the searcher asks for them only when this term's
/// frequency equals the document count, as for k_term_cjk_edges.
inline constexpr std::string_view k_term_cjk_joins = "XCJKJOINS";
/// Boolean, on every document written since session 12 (#13.1): its S/ZS
/// terms and title wdf come from a real headline only (corpus/README.md
/// §1.3 rules 1 and 2); a title derived from the text (rule 3) is indexed
/// as body text only. Additive to schema 4: a document without it may still
/// hold its derived title's words under S (dateline-index --info counts
/// them; --rebuild rewrites them).
inline constexpr std::string_view k_term_headline_titles = "XHEADLINES";
/// Boolean, on every document written with `dateline-index --stem-terms
/// differing` (#15.2, #15.5, session 14): its Z (and ZS) stem terms are
/// there only for words whose stem differs from the word; a word that is its
/// own stem is found by its unprefixed (S) term alone. The searcher asks a
/// stem s as OP_SYNONYM(Z s, s) when s is its own stem wherever ANY document
/// holds this term (the opposite of the CJK markers: terms were left out,
/// not added, so a partly marked database must use the synonym to find its
/// marked documents; over an unmarked document the synonym matches the same
/// set). A database without it is searched exactly as before.
inline constexpr std::string_view k_term_stems_differ = "XSTEMDIFF";
/// XLSH<1 digit: band><8 hex: its rows>: one LSH band of the document's
/// near-duplicate signature (common/near_duplicate.hpp), boolean. Documents
/// sharing one are candidates for the same story (#11.1). Schema 4: 13
/// bytes (schema 3 wrote XBAND<2 hex><12 hex>, 19 bytes, 4 of them zeros).
inline constexpr std::string_view k_prefix_band = "XLSH";

/// Query-language field names and the prefix each maps to.
inline constexpr std::string_view k_field_title = "title";
inline constexpr std::string_view k_field_author = "author";
inline constexpr std::string_view k_field_source = "source";
inline constexpr std::string_view k_field_topic = "topic";
inline constexpr std::string_view k_field_date = "date";

/// Title words count this many times more than body words (wdf increment).
inline constexpr Xapian::termcount k_title_wdf = 3;
/// Gap in term positions between title and body, so phrases never span them.
inline constexpr Xapian::termpos k_body_position_offset = 100;

// ---- Value slots ---------------------------------------------------------
enum ValueSlot : Xapian::valueno {
  k_slot_date = 0,        ///< "YYYYMMDD" (8 ASCII digits); absent when undated
  /// pack_file_state(mtime ns, size, pack_inode(st_dev, st_ino)): what
  /// decides "unchanged", in one value (schema 4; version 3 kept mtime, size
  /// and inode in slots 1, 2 and 3, which are no longer written).
  k_slot_file_state = 1,
  k_slot_content_hash = 4,///< pack_hash: FNV-1a 64 of the raw file bytes, 8 bytes big-endian
  /// pack_seq: the indexing sequence number the document got when it was
  /// added or its content changed (kept by renames and metadata refreshes);
  /// absent on documents written before it existed. Saved searches
  /// (dateline-search --new-since) filter on it.
  k_slot_seq = 5,
  /// The story (#11.1): 16 hex digits, near_dup::story_id() of the smallest
  /// member key of the document's group of near-duplicates; absent on a
  /// document that is its own story (the searcher collapses on this slot).
  k_slot_story = 6,
  /// near_dup::pack(): the document's member key and MinHash signature;
  /// absent when its text has no words.
  k_slot_signature = 7,
};

// ---- Value encodings -------------------------------------------------------
/// "YYYY-MM-DD" for a k_slot_date value; "" when it is not 8 digits.
[[nodiscard]] std::string iso_date_from_value(std::string_view value);
/// Big-endian bytes of @p value without leading zero bytes (at least one byte).
[[nodiscard]] std::string pack_uint(std::uint64_t value);
/// Inverse of pack_uint; nullopt for "" or more than 8 bytes.
[[nodiscard]] std::optional<std::uint64_t> unpack_uint(std::string_view bytes);
/// One length byte, pack_uint(device), then pack_uint(inode).
[[nodiscard]] std::string pack_inode(std::uint64_t device, std::uint64_t inode);
/// The change-detection values of a file, as k_slot_file_state holds them.
struct FileStateValue {
  std::int64_t mtime_ns = 0;  ///< ns since the epoch
  std::uint64_t size = 0;     ///< bytes
  std::string inode;          ///< pack_inode(st_dev, st_ino)
};
/// One length byte and pack_uint of the mtime's 64-bit two's complement, one
/// length byte and pack_uint(size), then @p inode_key (pack_inode's form).
[[nodiscard]] std::string pack_file_state(std::int64_t mtime_ns, std::uint64_t size, std::string_view inode_key);
/// Inverse of pack_file_state; nullopt for anything it never writes.
[[nodiscard]] std::optional<FileStateValue> unpack_file_state(std::string_view bytes);
/// The 16 hex digits of content_hash() as 8 bytes; "" when @p hex is not 16 hex digits.
[[nodiscard]] std::string pack_hash(std::string_view hex);
/// Inverse of pack_hash; "" when @p bytes is not 8 bytes long.
[[nodiscard]] std::string unpack_hash(std::string_view bytes);
/// A k_slot_seq value: always 8 bytes big-endian, so values sort as numbers
/// (Xapian value ranges compare bytes).
[[nodiscard]] std::string pack_seq(std::uint64_t seq);
/// Inverse of pack_seq; nullopt unless @p bytes is 8 bytes long.
[[nodiscard]] std::optional<std::uint64_t> unpack_seq(std::string_view bytes);

// ---- Database metadata keys ----------------------------------------------
inline constexpr std::string_view k_meta_schema_version = "dateline.schema_version";
inline constexpr std::string_view k_meta_language = "dateline.language";
/// Prefix of per-file failure records: key = prefix + absolute path (hashed
/// when long), value = FailedFile::serialize().
inline constexpr std::string_view k_meta_failed_prefix = "dateline.failed:";
/// The indexed roots: canonical absolute paths, sorted, one per line; none
/// inside another. A run without a folder indexes these.
inline constexpr std::string_view k_meta_roots = "dateline.roots";
/// The options that decide which files become which documents, as
/// "name=value" lines (include and exclude repeat): undated, include,
/// exclude, max-size (bytes), follow (0/1), max-depth.
inline constexpr std::string_view k_meta_options = "dateline.options";
/// The last run that changed the database: its summary as one line for
/// people ("<UTC time>: <summary>") and as the JSON of --summary-json.
inline constexpr std::string_view k_meta_last_run_text = "dateline.last_run";
inline constexpr std::string_view k_meta_last_run_json = "dateline.last_run_json";
/// The last indexing sequence number given out (decimal; absent = 0). It only
/// grows, and it is committed together with the documents numbered up to it,
/// so a reader that reads it from its snapshot has seen every document
/// numbered up to it. Numbers may have gaps.
inline constexpr std::string_view k_meta_seq = "dateline.seq";
/// The value of k_meta_seq: 0 when "" (absent), nullopt when not a decimal number.
[[nodiscard]] std::optional<std::uint64_t> parse_seq_metadata(std::string_view value);
/// The synonym table (#12.2, `dateline-index --synonyms FILE`): content_hash of
/// the language and the file's normalised groups; absent when no file was
/// loaded. The table itself is Xapian's synonym table: keys are analysed
/// terms joined by single spaces (plus "Z"+stem for one-word entries), values
/// the group's other entries the same way.
inline constexpr std::string_view k_meta_synonyms_hash = "dateline.synonyms_hash";
/// The near-duplicate rule the stories (k_slot_story) were assigned with:
/// "threshold=<0..1>\nwindow=<days>\nstories=windowed\n" (no third line:
/// grouped before session 16, when a story was a whole connected group; the
/// next run regroups every document). A run with another rule regroups
/// every document.
inline constexpr std::string_view k_meta_dup_rule = "dateline.dup.rule";
/// Time-based shards (#15.3, indexer/shards.hpp): "year" or "month" in the
/// undated shard (the archive's first) of a sharded archive; absent in an
/// unsharded database ("none"). Every shard also carries the schema version
/// and language; the other keys above live in the undated shard only.
inline constexpr std::string_view k_meta_shard_by = "dateline.shard_by";
/// In each shard of a sharded archive: the revision (decimal) the shard has
/// once this key is committed, right after it was compacted, by
/// `dateline-index --compact` or by the merge of a parallel first build
/// (Xapian::Compactor::FULL); while its revision is still this value, the
/// shard has not changed since, and --compact leaves it alone.
inline constexpr std::string_view k_meta_shard_compacted = "dateline.shard.compacted";
/// In the undated shard of a sharded archive: the UUIDs it had before
/// `dateline-index --compact` gave it new ones (Xapian's compactor makes a new
/// database), one a line, oldest first, at most k_max_compacted_from. A saved
/// search (`--new-since`) whose state file names one of them continues (the
/// compacted shard holds the same documents and counter); any other UUID is
/// another database, rebuilt or replaced.
inline constexpr std::string_view k_meta_compacted_from = "dateline.compacted_from";
inline constexpr std::size_t k_max_compacted_from = 1000;
/// The docid -> day map (#12.1, common/day_runs.hpp): the runs of docids
/// that share one day, written by dateline-index in the last commit of every
/// run that changed an unsharded database and cleared in its first; valid
/// only for the revision, last docid and document count it records (else,
/// or absent, --timeline reads dates per match). Additive: no schema bump,
/// and a Dateline that does not know the key ignores it.
inline constexpr std::string_view k_meta_day_runs = "dateline.day_runs";

// ---- Time-based shards (#15.3) ---------------------------------------------
/// A sharded archive (dateline-index --shard-by) is a directory holding this
/// stub file, which Xapian opens as one database, and one glass database per
/// shard, named "YYYY" (--shard-by year), "YYYY-MM" (month) or k_shard_undated.
inline constexpr std::string_view k_shard_stub = "XAPIANDB";
/// The undated articles' shard, always the stub's first line: it holds the
/// metadata keys above (Xapian reads metadata from a combined database's
/// first shard), the spelling and synonym tables.
inline constexpr std::string_view k_shard_undated = "undated";
/// The stub file of @p path ("PATH/XAPIANDB") when @p path is a sharded
/// archive: a directory holding the stub as a regular file and no glass
/// database of its own (no "iamglass"); nullopt for anything else. The one
/// test of both programs (a stat of each, nothing opened).
[[nodiscard]] std::optional<std::string> sharded_archive_stub(const std::string& path);
/// The dates a shard named @p name ("YYYY" or "YYYY-MM") can hold, as
/// inclusive "YYYYMMDD" bounds; nullopt for any other name.
[[nodiscard]] std::optional<std::pair<std::string, std::string>> shard_date_range(std::string_view name);

/// Xapian rejects terms longer than this; nothing Dateline writes gets close.
inline constexpr std::size_t k_xapian_max_term_bytes = 245;
/// Unique-id terms longer than this are shortened with a hash (as omindex does).
inline constexpr std::size_t k_max_unique_term_bytes = 240;

/// The absolute path of the file at @p relative_path below @p root (an
/// absolute, canonical directory; "/" is allowed).
[[nodiscard]] std::string document_path(std::string_view root, std::string_view relative_path);

/// The Q term for a file: Q + document_path(). Long paths keep a readable
/// head plus a hash so the term is unique and never over the Xapian limit.
[[nodiscard]] std::string unique_term(std::string_view root, std::string_view relative_path);

/// True when @p term (a Q term or a metadata key tail) may be a shortened
/// one, i.e. ends in '#' and 16 hex digits: its path must be read from the
/// document data.
[[nodiscard]] bool is_shortened_path(std::string_view term);

/// Normalised boolean-term value for author/source/topic: case-folded,
/// accent-free, whitespace collapsed to single '-' , cut to fit the limit.
[[nodiscard]] std::string field_value_term(std::string_view prefix, std::string_view normalised_value);

// ---- Document data -------------------------------------------------------
/// What the searcher needs to show a hit without touching the file, read
/// in one docdata lookup per hit.
/// Serialised Omega-style as "key=value" lines; "text=" comes last and runs to
/// the end of the data (it may contain newlines). Empty values are left out.
/// A path or root containing a newline or CR is also stored exactly as
/// "path64="/"root64=" (base64), which parse() prefers (docs/index-schema.md).
struct DocumentData {
  std::string path;     ///< relative to the indexed root (the Q term is root + '/' + path)
  std::string root;     ///< absolute path of the indexed root
  std::string title;
  /// The title was derived from the text (Article::title_derived): stored as
  /// "title_derived=1" after "title=", absent otherwise. Added to schema 4
  /// in session 12: documents written before have no such line.
  bool title_derived = false;
  /// "YYYY-MM-DD", "" when undated. Added within schema 2: documents written
  /// before it have no "date=" line, and readers then take k_slot_date.
  std::string date;
  std::string source;
  std::string author;
  std::string topics;   ///< comma-separated
  std::string text;     ///< the body, for snippets

  [[nodiscard]] std::string serialize() const;
  /// Never throws: unknown keys are ignored, missing keys stay empty.
  [[nodiscard]] static DocumentData parse(std::string_view data);
};

/// 64-bit FNV-1a of @p bytes as 16 lower-case hex digits.
[[nodiscard]] std::string content_hash(std::string_view bytes);

} // namespace dateline::schema
