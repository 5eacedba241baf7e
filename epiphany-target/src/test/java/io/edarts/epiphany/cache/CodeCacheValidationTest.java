package io.edarts.epiphany.cache;

import static io.edarts.epiphany.cache.Fixtures.BASE;
import static io.edarts.epiphany.cache.Fixtures.TEN_PER_WORD;
import static io.edarts.epiphany.cache.Fixtures.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edarts.cam.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeCacheValidationTest {
    @Test
    void registryListsThePoliciesInOrder() {
        // each of these has a test class extending EvictionPolicyContract
        assertEquals(List.of("flush-unreferenced", "lru", "greedy-dual-size"), EvictionPolicies.names());
        for (String name : EvictionPolicies.names()) {
            assertEquals(name, EvictionPolicies.create(name, 4).name());
        }
    }

    @Test
    void rejectsUnknownPolicyListingValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvictionPolicies.create("fifo", 4));
        assertTrue(e.getMessage().contains("'fifo'"), e.getMessage());
        for (String name : EvictionPolicies.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CodeCache.builder(CacheSpec.esdk(BASE, 64), 1).policy("fifo"));
        assertThrows(IllegalArgumentException.class, () -> EvictionPolicies.create(null, 4));
    }

    @Test
    void rejectsBadGeometryNamingTheValue() {
        assertMessage("regionBytes", () -> new CacheSpec(BASE, 62, 20));
        assertMessage("62", () -> new CacheSpec(BASE, 62, 20));
        assertMessage("tableEntries", () -> new CacheSpec(BASE, 64, 1));
        assertMessage("regionBase 100", () -> new CacheSpec(100, 64, 20));
        assertMessage("word aligned", () -> new CacheSpec(BASE + 2, 64, 20));
        assertMessage("local address space", () -> new CacheSpec(BASE, 0x10_0000, 20));
        assertEquals(BASE - 320, CacheSpec.esdk(BASE, 64).tableBase());
    }

    @Test
    void rejectsBadCodeObjectsAndCalls() {
        assertMessage("size 0", () -> obj(0, 0));
        assertMessage("-1", () -> obj(-1, 8));
        CodeCache c = CodeCache.builder(CacheSpec.esdk(BASE, 64), 2).copyCost(TEN_PER_WORD).build();
        assertMessage("code id 2", () -> c.enter(obj(2, 8), 0));
        assertMessage("now", () -> c.enter(obj(0, 8), -1));
        assertMessage("LOCAL", () -> c.enter(CodeImage.of(0, "l", 8, Placement.LOCAL, CodeSource.DRAM), 0));
        c.enter(obj(0, 8), 0);
        c.exit(obj(0, 8), 0);
        assertMessage("bound", () -> c.enter(obj(0, 16), 0));
        assertThrows(IllegalStateException.class,
                () -> CodeCache.builder(CacheSpec.esdk(BASE, 64), 1).build(), "a copy cost is required");
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention " + part);
    }
}
