package io.qcmcp.app.tools.plot;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG encoder for palette images, written with {@link Deflater} and {@link CRC32} alone: no java.awt, no
 * ImageIO, so it runs where the JDK has no fonts or graphics libraries (AWS Lambda's Java runtime). Each pixel
 * is one byte, an index into at most 256 RGB colours; rows are stored unfiltered, which suits a chart of flat
 * colours best.
 */
public final class Png {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int COLOUR_TYPE_PALETTE = 3;

    private Png() {
    }

    /**
     * @param pixels palette indexes, row by row, {@code width * height} of them
     * @param palette colours as 0xRRGGBB
     */
    public static byte[] encode(int width, int height, byte[] pixels, int[] palette) {
        if (pixels.length != width * height || palette.length == 0 || palette.length > 256) {
            throw new IllegalArgumentException("A " + width + "x" + height + " image needs " + width * height
                    + " pixels and 1 to 256 colours");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(16 * 1024);
        png.writeBytes(SIGNATURE);

        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8;
        header[9] = COLOUR_TYPE_PALETTE;
        chunk(png, "IHDR", header);

        byte[] colours = new byte[palette.length * 3];
        for (int i = 0; i < palette.length; i++) {
            colours[3 * i] = (byte) (palette[i] >> 16);
            colours[3 * i + 1] = (byte) (palette[i] >> 8);
            colours[3 * i + 2] = (byte) palette[i];
        }
        chunk(png, "PLTE", colours);

        byte[] rows = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, rows, y * (width + 1) + 1, width);
        }
        chunk(png, "IDAT", deflate(rows));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 16 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        png.writeBytes(length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        png.writeBytes(name);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        byte[] check = new byte[4];
        putInt(check, 0, (int) crc.getValue());
        png.writeBytes(check);
    }

    private static void putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
    }
}
