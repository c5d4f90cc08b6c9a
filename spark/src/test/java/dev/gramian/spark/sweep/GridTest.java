package dev.gramian.spark.sweep;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridTest {

    @Test
    void expandsEveryCombinationWithTheFirstAxisSlowest() {
        Grid grid = Grid.parse(List.of("objective=dpo,ipo,simpo", "beta=0.05, 0.1"));
        assertEquals(6, grid.size());
        List<Map<String, String>> configurations = grid.configurations();
        assertEquals(6, configurations.size());
        assertEquals(Map.of("objective", "dpo", "beta", "0.05"), configurations.get(0));
        assertEquals(Map.of("objective", "dpo", "beta", "0.1"), configurations.get(1));
        assertEquals(Map.of("objective", "simpo", "beta", "0.1"), configurations.get(5));
        assertEquals(List.of("objective", "beta"), List.copyOf(configurations.get(3).keySet()), "keys in grid order");
    }

    @Test
    void splitsAtBarsWhenAValueHoldsCommas() {
        Grid grid = Grid.parse(List.of("objective=dpo:0.8,sft:1.0|simpo"));
        assertEquals(List.of("dpo:0.8,sft:1.0", "simpo"), grid.axes().get(0).values());
    }

    @Test
    void anEmptyGridIsOneClearError() {
        assertTrue(assertThrows(GramianException.class, () -> Grid.parse(List.of())).getMessage()
                .startsWith("a sweep needs a grid: give at least one --grid KEY=V1,V2"));
        GramianException noValues = assertThrows(GramianException.class, () -> Grid.parse(List.of("beta=")));
        assertEquals("--grid beta= has no values: the grid would be empty; write e.g. --grid beta=V1,V2",
                noValues.getMessage());
        assertEquals(GramianException.Category.USAGE, noValues.category());
    }

    @Test
    void malformedAxesAreRefusedNamingTheAxis() {
        assertEquals("--grid beta: write KEY=V1,V2, e.g. --grid beta=0.05,0.1",
                assertThrows(GramianException.class, () -> Grid.parse(List.of("beta"))).getMessage());
        assertEquals("--grid beta=0.1,,0.2 has an empty value",
                assertThrows(GramianException.class, () -> Grid.parse(List.of("beta=0.1,,0.2"))).getMessage());
        assertEquals("--grid beta=0.1,0.1 repeats the value '0.1'",
                assertThrows(GramianException.class, () -> Grid.parse(List.of("beta=0.1,0.1"))).getMessage());
        assertEquals("--grid beta is given twice; put all its values in one --grid",
                assertThrows(GramianException.class, () -> Grid.parse(List.of("beta=0.1", "beta=0.2"))).getMessage());
    }
}
