package io.qcmcp.app.tools.plot;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A 5 by 7 pixel font for the labels of a chart: digits, capital letters and the few signs numbers and dates
 * need. Built in because the Java runtime on AWS Lambda has no system fonts for java.awt to draw with. Each
 * glyph is seven rows of five cells, {@code #} drawn and {@code .} blank; small letters are drawn as capitals
 * and any other character as {@code ?}.
 */
final class PixelFont {

    static final int WIDTH = 5;
    static final int HEIGHT = 7;

    private static final String[] GLYPHS = {
        "0.###.#...##..###.#.###..##...#.###.",
        "1..#...##....#....#....#....#...###.",
        "2.###.#...#....#...#...#...#...#####",
        "3#####...#...#.....#.....##...#.###.",
        "4...#...##..#.#.#..#.#####...#....#.",
        "5######....####.....#....##...#.###.",
        "6..##..#...#....####.#...##...#.###.",
        "7#####....#...#...#...#....#....#...",
        "8.###.#...##...#.###.#...##...#.###.",
        "9.###.#...##...#.####....#...#..##..",
        "A.###.#...##...#######...##...##...#",
        "B####.#...##...#####.#...##...#####.",
        "C.###.#...##....#....#....#...#.###.",
        "D###..#..#.#...##...##...##..#.###..",
        "E######....#....####.#....#....#####",
        "F######....#....####.#....#....#....",
        "G.###.#...##....#.####...##...#.####",
        "H#...##...##...#######...##...##...#",
        "I.###...#....#....#....#....#...###.",
        "J..###...#....#....#....#.#..#..##..",
        "K#...##..#.#.#..##...#.#..#..#.#...#",
        "L#....#....#....#....#....#....#####",
        "M#...###.###.#.##.#.##...##...##...#",
        "N#...##...###..##.#.##..###...##...#",
        "O.###.#...##...##...##...##...#.###.",
        "P####.#...##...#####.#....#....#....",
        "Q.###.#...##...##...##.#.##..#..##.#",
        "R####.#...##...#####.#.#..#..#.#...#",
        "S.#####....#.....###.....#....#####.",
        "T#####..#....#....#....#....#....#..",
        "U#...##...##...##...##...##...#.###.",
        "V#...##...##...##...##...#.#.#...#..",
        "W#...##...##...##.#.##.#.##.#.#.#.#.",
        "X#...##...#.#.#...#...#.#.#...##...#",
        "Y#...##...#.#.#...#....#....#....#..",
        "Z#####....#...#...#...#...#....#####",
        "-...............#####...............",
        "+.......#....#..#####..#....#.......",
        "...........................##...##..",
        ",.....................##....#...#...",
        "%##...##..#...#...#...#...#..##...##",
        "$..#...#####.#...###...#.#####...#..",
        ":......##...##........##...##.......",
        "/....#....#...#...#...#...#....#....",
        "(...#...#...#....#....#.....#.....#.",
        ").#.....#.....#....#....#...#...#...",
        "?.###.#...#....#...#...#.........#..",
        " ...................................",
    };
    private static final Map<Character, boolean[]> CELLS = new HashMap<>();

    static {
        for (String glyph : GLYPHS) {
            String rows = glyph.substring(1);
            if (rows.length() != WIDTH * HEIGHT) {
                throw new IllegalStateException("Glyph '" + glyph.charAt(0) + "' has " + rows.length() + " cells");
            }
            boolean[] cells = new boolean[WIDTH * HEIGHT];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = rows.charAt(i) == '#';
            }
            CELLS.put(glyph.charAt(0), cells);
        }
    }

    private PixelFont() {
    }

    /** The cells of {@code c}, row by row, {@link #WIDTH} * {@link #HEIGHT} of them. */
    static boolean[] glyph(char c) {
        boolean[] cells = CELLS.get(Character.toUpperCase(c));
        return cells != null ? cells : CELLS.get('?');
    }

    /** Width in pixels of {@code text} at {@code scale}, one blank column between characters. */
    static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * (WIDTH + 1) - 1) * scale;
    }

    static String printable(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
