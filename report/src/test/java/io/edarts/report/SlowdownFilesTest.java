package io.edarts.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote-exec CSV and heatmap PNGs, written from a neutral slowdown table. */
class SlowdownFilesTest {
    /** A 2x3 mesh, code at core 0, slowdown growing with distance. */
    private static SlowdownTable table() {
        long[] cycles = {100, 150, 200, 160, 210, 260};
        double[] slow = new double[6];
        boolean[] home = new boolean[6];
        for (int i = 0; i < 6; i++) {
            slow[i] = cycles[i] / 100.0;
        }
        home[0] = true;
        SlowdownTable.Loop intLoop = new SlowdownTable.Loop("int", 100, cycles, slow, home);
        SlowdownTable.Loop floatLoop = new SlowdownTable.Loop("float", 100, cycles, slow, home);
        return new SlowdownTable("tiny", 2, 3, 10, List.of(
                new SlowdownTable.Case("one-at-a-time", "in core (0,0)", List.of(intLoop, floatLoop)),
                new SlowdownTable.Case("external-dram", "in external DRAM", List.of(intLoop))));
    }

    @Test
    void csvHasTheHeaderAndOneRowPerCaseLoopAndCore(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out/remote-exec.csv");
        SlowdownFiles.writeCsv(table(), csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("case,loop,row,col,cycles,slowdown", lines.get(0));
        assertEquals(1 + 3 * 6, lines.size());
        assertEquals("one-at-a-time,int,0,0,100,1.0000", lines.get(1));
        assertEquals("one-at-a-time,int,1,2,260,2.6000", lines.get(6));
        assertEquals("external-dram,int,1,0,160,1.6000", lines.get(16));
        try (Stream<Path> files = Files.list(csv.getParent())) {
            assertEquals(1, files.count(), "temporary file left behind");
        }
    }

    @Test
    void heatmapIsAReadablePngWithAPanelPerLoopAndTheSameBytesTwice(@TempDir Path dir) throws Exception {
        SlowdownTable t = table();
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        SlowdownFiles.writeHeatmapPng(t, t.cases().get(0), a);
        SlowdownFiles.writeHeatmapPng(t, t.cases().get(0), b);
        BufferedImage img = ImageIO.read(a.toFile());
        assertNotNull(img);
        assertTrue(img.getWidth() >= 640 && img.getHeight() > 100, img.getWidth() + "x" + img.getHeight());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(2, ((org.jfree.chart.plot.CombinedRangeXYPlot) SlowdownFiles.heatmaps(t, t.cases().get(0)).getPlot())
                .getSubplots().size(), "one panel per loop");
    }

    @Test
    void theColourRangeLeavesOutTheHomeCore() {
        SlowdownTable t = table();
        assertArrayEquals(new double[] {1.5, 2.6}, SlowdownFiles.range(t, t.cases().get(0)), 1e-9);
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedAndNothingIsLeft(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("remote-exec.csv");
        Files.createDirectory(csv);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SlowdownFiles.writeCsv(table(), csv));
        assertTrue(e.getMessage().contains("remote-exec.csv"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("remote-exec.csv"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aTableWhoseGridsDoNotFitTheMeshIsRefused() {
        SlowdownTable.Loop l = new SlowdownTable.Loop("int", 1, new long[4], new double[4], new boolean[4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlowdownTable("m", 2, 3, 1, List.of(new SlowdownTable.Case("c", "here", List.of(l)))));
        assertTrue(e.getMessage().contains("4 cores, expected 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlowdownTable.Loop("x", 1, new long[2], new double[1], new boolean[2]));
    }
}
