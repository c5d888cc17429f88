package io.qcmcp.app.tools.plot;

/** A palette image being drawn: one byte per pixel, the index of its colour; drawing outside is clipped. */
final class Canvas {

    final int width;
    final int height;
    final byte[] pixels;

    Canvas(int width, int height, int background) {
        this.width = width;
        this.height = height;
        this.pixels = new byte[width * height];
        java.util.Arrays.fill(pixels, (byte) background);
    }

    void set(int x, int y, int colour) {
        if (x >= 0 && y >= 0 && x < width && y < height) {
            pixels[y * width + x] = (byte) colour;
        }
    }

    void fill(int x0, int y0, int x1, int y1, int colour) {
        for (int y = Math.max(0, Math.min(y0, y1)); y <= Math.min(height - 1, Math.max(y0, y1)); y++) {
            for (int x = Math.max(0, Math.min(x0, x1)); x <= Math.min(width - 1, Math.max(x0, x1)); x++) {
                pixels[y * width + x] = (byte) colour;
            }
        }
    }

    void frame(int x0, int y0, int x1, int y1, int colour) {
        fill(x0, y0, x1, y0, colour);
        fill(x0, y1, x1, y1, colour);
        fill(x0, y0, x0, y1, colour);
        fill(x1, y0, x1, y1, colour);
    }

    /** A straight line {@code thickness} pixels wide (Bresenham's, with a square pen). */
    void line(int x0, int y0, int x1, int y1, int thickness, int colour) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        int x = x0;
        int y = y0;
        int back = (thickness - 1) / 2;
        while (true) {
            fill(x - back, y - back, x - back + thickness - 1, y - back + thickness - 1, colour);
            if (x == x1 && y == y1) {
                return;
            }
            int twice = 2 * error;
            if (twice >= dy) {
                error += dy;
                x += sx;
            }
            if (twice <= dx) {
                error += dx;
                y += sy;
            }
        }
    }

    /**
     * {@code text} with its top-left corner at (x, y), in {@link PixelFont} magnified {@code scale} times; what
     * would fall right of the canvas is not drawn, so a long text costs no more than a short one.
     */
    void text(int x, int y, String text, int scale, int colour) {
        String printable = PixelFont.printable(text);
        for (int i = 0; i < printable.length(); i++) {
            int left = x + i * (PixelFont.WIDTH + 1) * scale;
            if (left >= width) {
                return;
            }
            boolean[] cells = PixelFont.glyph(printable.charAt(i));
            for (int row = 0; row < PixelFont.HEIGHT; row++) {
                for (int column = 0; column < PixelFont.WIDTH; column++) {
                    if (cells[row * PixelFont.WIDTH + column]) {
                        fill(left + column * scale, y + row * scale, left + (column + 1) * scale - 1,
                                y + (row + 1) * scale - 1, colour);
                    }
                }
            }
        }
    }
}
