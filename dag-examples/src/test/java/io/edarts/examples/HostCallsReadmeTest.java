package io.edarts.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.api.CheckResult;
import io.edarts.api.Dag;
import io.edarts.api.HostCalls;
import io.edarts.api.Program;
import io.edarts.run.RunSpec;
import io.edarts.run.Runner;
import io.edarts.scheduler.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's host-call snippet, run here so the README cannot drift from working code. */
class HostCallsReadmeTest {

    /** What the snippet's codelets share. */
    static final class Frame {
        long table;
        long answer;
    }

    @Test
    void readmeHostCallExamplePrintsWritesAFileAllocatesAndCallsAUserFunction(@TempDir Path dir) throws Exception {
        // README-HOSTCALLS-BEGIN
        int square = HostCalls.USER_BASE; // user-defined host calls are numbered from 1024
        Dag.Builder<Frame> g = Dag.builder("host-demo");
        var ask = g.task("ask", ctx -> {
            ctx.printf("core %d asks the host\n", ctx.core());          // a line in stdout.txt
            ctx.hostCall(square, new long[] {7}, v -> ctx.frame().answer = v);
            ctx.dmalloc(4096, a -> ctx.frame().table = a);               // shared DRAM from the host
        }).cycles(100);
        var save = g.task("save", ctx -> {
            int fd = ctx.open("answer.txt");                             // files/answer.txt under --out
            ctx.write(fd, "7 squared is " + ctx.frame().answer + "\n");
            ctx.close(fd);
            ctx.dfree(ctx.frame().table);
        }).cycles(100);
        ask.precede(save);                                               // save sees what the host answered
        Program<Frame> program = g.build(Frame::new, f -> f.answer == 49 ? CheckResult.passed("49")
                : CheckResult.failed("got " + f.answer))
                .withHostFunction(square, "square", call -> call.arg(0) * call.arg(0));

        RunResult r = Runner.run(program, RunSpec.on("parallella16").out(dir));
        System.out.println(r.hostCalls().count() + " host calls, mean wait " + r.hostCalls().meanWaitCycles() + " cycles");
        // README-HOSTCALLS-END
        assertTrue(r.succeeded(), r.message());
        assertEquals(7, r.hostCalls().count());
        assertEquals(0, r.hostCalls().failed());
        assertEquals("7 squared is 49\n", Files.readString(dir.resolve("files/answer.txt")));
        assertTrue(Files.readString(dir.resolve("stdout.txt")).matches("\\[core 0,1 cycle \\d+\\] core 1 asks the host\n"),
                Files.readString(dir.resolve("stdout.txt")));
    }

    @Test
    void readmeShowsThisExampleLineForLine() throws Exception {
        String me = Files.readString(Path.of("src/test/java/io/edarts/examples/HostCallsReadmeTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String begin = "// README-HOSTCALLS-BEGIN";
        String snippet = me.substring(me.indexOf(begin) + begin.length(), me.indexOf("// README-HOSTCALLS-END"));
        for (String line : snippet.strip().split("\n")) {
            String code = line.strip();
            if (!code.isEmpty()) {
                assertTrue(readme.contains(code), "README.md lacks the line: " + code);
            }
        }
    }
}
