package dev.alertrecs.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the Markdown docs and every file a code comment names must exist, so a
 * moved or deleted file cannot leave a reader at a dead end. Each test collects every broken
 * reference before failing and lists them all.
 *
 * <p>Markdown: links and images ({@code [text](target)}, {@code ![alt](target)}, reference
 * definitions {@code [id]: target}) in README.md, docs/*.md and infra/README.md; outside fenced
 * code and inline code spans. A {@code #anchor} must match a heading of the target file, slugged as
 * GitHub does. Comments: paths such as {@code docs/x.md}, {@code sql/x.sql}, {@code
 * conf/x.properties}, {@code scripts/x.sh} in the comments of jobs/src/main, sql/, conf/ and
 * scripts/, resolved from the repository root.
 */
class DocLinksTest {

  /** Tests run in jobs/; the repository root is its parent. */
  private static final Path ROOT = findRoot();

  private static final Pattern INLINE_LINK =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+[\"'(][^)]*)?\\)");
  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
  private static final Pattern INLINE_CODE = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```+|~~~+)");

  /** A repository path in a comment: starts a word, ends in a known extension. */
  static final Pattern FILE_REFERENCE =
      Pattern.compile(
          "(?<![\\w./-])((?:docs|sql|conf|scripts|infra)/[\\w./-]*?"
              + "\\.(?:md|sql|properties|sh|py|ts|json))(?![\\w-])");

  @Test
  void everyRelativeMarkdownLinkPointsToAnExistingFileAndHeading() {
    List<Path> docs = markdownFiles();
    assertTrue(docs.contains(ROOT.resolve("README.md")), "README.md not found under " + ROOT);
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    for (Path doc : docs) {
      List<String> lines = read(doc);
      for (int i = 0; i < lines.size(); i++) {
        for (String target : linkTargets(lines, i)) {
          String problem = checkLink(doc, target, anchors);
          if (problem != null) {
            broken.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + target + " (" + problem + ")");
          }
        }
      }
    }
    assertTrue(broken.isEmpty(), "broken Markdown links:\n" + String.join("\n", broken));
  }

  @Test
  void everyFileNamedInACodeCommentExists() {
    List<String> broken = new ArrayList<>();
    for (Path file : sourceFiles()) {
      List<String> comments = comments(file);
      for (String comment : comments) {
        Matcher m = FILE_REFERENCE.matcher(comment);
        while (m.find()) {
          String ref = trimTrailingDots(m.group(1));
          if (!Files.exists(ROOT.resolve(ref))) {
            broken.add(ROOT.relativize(file) + ": " + ref);
          }
        }
      }
    }
    assertTrue(
        broken.isEmpty(),
        "files named in comments that do not exist:\n" + String.join("\n", broken));
  }

  /** The checks themselves: a broken link and a wrong anchor are found, a good one is not. */
  @Test
  void theCheckerFindsABrokenFileAndABrokenAnchor() {
    Path readme = ROOT.resolve("README.md");
    Map<Path, Set<String>> anchors = new HashMap<>();
    assertEquals("no such file", checkLink(readme, "docs/no-such-file.md", anchors));
    assertEquals(
        "no heading #no-such-heading in README.md", checkLink(readme, "#no-such-heading", anchors));
    assertEquals(null, checkLink(readme, "https://example.com/x.md", anchors));
    assertEquals(null, checkLink(readme, "pom.xml", anchors));
  }

  @Test
  void headingsAreSluggedAsOnGitHub() {
    List<String> lines =
        List.of(
            "# The `evaluate` command",
            "## Bad input: what the job does with each case",
            "```",
            "# not a heading",
            "```",
            "## Runbook",
            "## Runbook",
            "### Exit 4: checks failed (`row_accounting`, …)");
    assertEquals(
        Set.of(
            "the-evaluate-command",
            "bad-input-what-the-job-does-with-each-case",
            "runbook",
            "runbook-1",
            "exit-4-checks-failed-row_accounting-"),
        headingAnchors(lines));
  }

  @Test
  void referencesInCommentsAreFoundAndUrlsAreNot() {
    List<String> found = new ArrayList<>();
    Matcher m =
        FILE_REFERENCE.matcher(
            "see docs/operations.md and sql/athena/runs.sql; s3://bucket/conf/emr.properties;"
                + " conf/local.properties.");
    while (m.find()) {
      found.add(trimTrailingDots(m.group(1)));
    }
    assertEquals(
        List.of("docs/operations.md", "sql/athena/runs.sql", "conf/local.properties"), found);
  }

  // ---------------------------------------------------------------------------------------------

  private static Path findRoot() {
    for (Path candidate : List.of(Paths.get(".."), Paths.get("."))) {
      Path p = candidate.toAbsolutePath().normalize();
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("jobs"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "repository root not found from " + Paths.get("").toAbsolutePath());
  }

  private static List<Path> markdownFiles() {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    Path docs = ROOT.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> s = Files.list(docs)) {
        s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path infra = ROOT.resolve("infra/README.md");
    if (Files.isRegularFile(infra)) {
      files.add(infra);
    }
    return files;
  }

  /** The link targets on line {@code i}, skipping fenced code and inline code spans. */
  private static List<String> linkTargets(List<String> lines, int i) {
    if (insideFence(lines, i)) {
      return List.of();
    }
    String line = INLINE_CODE.matcher(lines.get(i)).replaceAll("");
    List<String> targets = new ArrayList<>();
    Matcher m = INLINE_LINK.matcher(line);
    while (m.find()) {
      targets.add(m.group(1));
    }
    Matcher def = REFERENCE_DEFINITION.matcher(line);
    if (def.matches()) {
      targets.add(def.group(1));
    }
    return targets;
  }

  private static boolean insideFence(List<String> lines, int i) {
    boolean inside = false;
    for (int j = 0; j <= i; j++) {
      if (FENCE.matcher(lines.get(j)).find()) {
        if (j == i) {
          return true;
        }
        inside = !inside;
      }
    }
    return inside;
  }

  /** Null when the target resolves, else why not. External links are not checked here. */
  static String checkLink(Path doc, String target, Map<Path, Set<String>> anchorCache) {
    if (target.isEmpty()) {
      return "empty target";
    }
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return null; // https:, mailto:, …
    }
    int hash = target.indexOf('#');
    String pathPart = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file;
    if (pathPart.isEmpty()) {
      file = doc;
    } else {
      String decoded = pathPart.replace("%20", " ");
      file = doc.getParent().resolve(decoded).normalize();
      if (!file.startsWith(ROOT)) {
        return "outside the repository";
      }
      if (!Files.exists(file)) {
        return "no such file";
      }
    }
    if (anchor == null || anchor.isEmpty()) {
      return null;
    }
    if (!file.toString().endsWith(".md")) {
      return null; // line anchors of source files (#L10) are GitHub's, not headings
    }
    Set<String> known = anchorCache.computeIfAbsent(file, f -> headingAnchors(read(f)));
    return known.contains(anchor.toLowerCase(Locale.ROOT))
        ? null
        : "no heading #" + anchor + " in " + ROOT.relativize(file);
  }

  /** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
  static Set<String> headingAnchors(List<String> lines) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (insideFence(lines, i)) {
        continue;
      }
      Matcher m = HEADING.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String text = m.group(2).replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      String slug =
          text.toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }

  private static List<Path> sourceFiles() {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("jobs/src/main", "sql", "conf", "scripts")) {
      Path d = ROOT.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(d)) {
        files.addAll(
            s.filter(Files::isRegularFile)
                .filter(p -> !p.toString().contains("__pycache__"))
                .sorted()
                .collect(Collectors.toList()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  /**
   * The comment text of a source file: Java line and block comments; SQL {@code --}; shell, Python
   * and properties {@code #}. A marker counts only at the line start or after a space, so {@code
   * s3://} and {@code ${#x}} are not comments.
   */
  static List<String> comments(Path file) {
    String name = file.getFileName().toString();
    String text = String.join("\n", read(file));
    List<String> out = new ArrayList<>();
    if (name.endsWith(".java") || name.endsWith(".ts")) {
      Matcher block = Pattern.compile("/\\*(.*?)\\*/", Pattern.DOTALL).matcher(text);
      while (block.find()) {
        out.add(block.group(1));
      }
      collectLineComments(text, "(?:^|\\s)//(.*)$", out);
    } else if (name.endsWith(".sql")) {
      collectLineComments(text, "(?:^|\\s)--(.*)$", out);
    } else {
      collectLineComments(text, "(?:^|\\s)#(.*)$", out);
    }
    return out;
  }

  private static void collectLineComments(String text, String regex, List<String> out) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
  }

  private static String trimTrailingDots(String ref) {
    return ref.replaceAll("[.]+$", "");
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      return List.of(); // a binary file (a jar under scripts/) has no comments to check
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
