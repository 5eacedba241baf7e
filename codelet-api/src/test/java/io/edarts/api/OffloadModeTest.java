package io.edarts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffloadModeTest {
    private static Program<Object> program(boolean withAccelerator) {
        TpDefinition.Builder<Object> tp = TpDefinition.builder("p");
        CodeletHandle a = tp.codelet("a", ctx -> { });
        if (withAccelerator) {
            tp.requires(a, "unit", ctx -> ctx.offload("unit", 8, 8), 8, 8);
        }
        return Program.of("p", tp.build(), Object::new, f -> CheckResult.none());
    }

    @Test
    void autoIsRefusedForAProgramWithNothingToChooseBetween() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> program(false).withOffload(OffloadMode.AUTO));
        assertTrue(e.getMessage().contains("'p' has no codelet with an accelerator body")
                && e.getMessage().contains("offload auto has no choice to make"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> program(false).withOffload(true));
        assertEquals(OffloadMode.OFF, program(false).withOffload(false).offloadMode());
    }

    @Test
    void theBooleanFormStillMeansOnAndOffAndTheModeIsAParameter() {
        Program<Object> on = program(true).withOffload(true);
        assertEquals(OffloadMode.ON, on.offloadMode());
        assertTrue(on.offload());
        Program<Object> auto = program(true).withOffload(OffloadMode.AUTO);
        assertFalse(auto.offload(), "auto does not always offload");
        assertEquals("auto", auto.parameters().get("offload"));
        assertEquals("off", program(true).withOffload(false).parameters().get("offload"));
    }

    @Test
    void parseNamesTheAllowedValues() {
        assertEquals(OffloadMode.AUTO, OffloadMode.parse("auto"));
        assertEquals(OffloadMode.ON, OffloadMode.parse("ON"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OffloadMode.parse("maybe"));
        assertEquals("offload mode 'maybe': expected on, off or auto", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> program(true).withOffload((OffloadMode) null));
    }

    @Test
    void aDeclaredFootprintIsKeptAndANegativeOneRefused() {
        TpDefinition.Builder<Object> tp = TpDefinition.builder("q");
        CodeletHandle a = tp.codelet("a", ctx -> { });
        CodeletHandle b = tp.codelet("b", ctx -> { });
        tp.requires(a, "unit", ctx -> { }, 100, 40);
        tp.requires(b, "unit", ctx -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tp.requires(tp.codelet("c", ctx -> { }), "unit", ctx -> { }, -1, 0));
        assertTrue(e.getMessage().contains("'c' declares a negative offload size"), e.getMessage());
        TpDefinition<Object> d = tp.build();
        assertEquals(100, d.offloadInputBytes(d.indexOf("a")));
        assertEquals(40, d.offloadOutputBytes(d.indexOf("a")));
        assertEquals(-1, d.offloadInputBytes(d.indexOf("b")));
    }
}
