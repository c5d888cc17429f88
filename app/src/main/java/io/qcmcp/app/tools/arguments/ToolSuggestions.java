package io.qcmcp.app.tools.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tools an unknown name most likely meant: names within a few edits of it (read_projects for
 * read_project), then, of the names holding all its nouns, those sharing the most of its words
 * (list_projects for read_projects, read_backtest_orders for get_backtest_orders). The asked name is cut
 * first, so a huge one costs no more than a short one.
 */
public final class ToolSuggestions {

    static final int MAX = 3;
    private static final int COMPARED_CHARS = 64;
    /** Verbs models put in front of a tool name; they say nothing about which tool is meant. */
    private static final Set<String> VERBS = Set.of("get", "read", "list", "create", "update", "delete", "set",
            "add", "fetch", "show", "run", "new", "make", "remove", "start");

    private ToolSuggestions() {
    }

    public static List<String> closest(String asked, Collection<String> names) {
        String wanted = normalized(asked);
        int reach = Math.max(2, wanted.length() / 5);
        Comparator<String> byDistance = Comparator.comparingInt((String name) -> distance(wanted, name))
                .thenComparing(Comparator.naturalOrder());
        List<String> suggestions = new ArrayList<>(names.stream()
                .filter(name -> distance(wanted, name) <= reach)
                .sorted(byDistance)
                .limit(MAX)
                .toList());
        Set<String> nouns = nouns(wanted);
        if (!nouns.isEmpty()) {
            List<String> holdingNouns = names.stream()
                    .filter(name -> !suggestions.contains(name) && nouns(name).containsAll(nouns))
                    .toList();
            int best = holdingNouns.stream().mapToInt(name -> sharedWords(wanted, name)).max().orElse(0);
            holdingNouns.stream()
                    .filter(name -> sharedWords(wanted, name) == best)
                    .sorted(byDistance)
                    .limit(MAX - suggestions.size())
                    .forEach(suggestions::add);
        }
        return suggestions;
    }

    /** Nouns two names share as written: list_projects shares "projects" with read_projects, create_project none. */
    private static int sharedWords(String a, String b) {
        Set<String> words = Set.of(a.split("_"));
        return (int) Arrays.stream(b.split("_")).filter(word -> words.contains(word) && !VERBS.contains(word)).count();
    }

    private static String normalized(String asked) {
        String cut = asked.length() > COMPARED_CHARS ? asked.substring(0, COMPARED_CHARS) : asked;
        return cut.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    private static Set<String> nouns(String name) {
        return Arrays.stream(name.split("_"))
                .filter(word -> !word.isEmpty() && !VERBS.contains(word))
                .map(word -> word.length() > 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word)
                .collect(Collectors.toSet());
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
