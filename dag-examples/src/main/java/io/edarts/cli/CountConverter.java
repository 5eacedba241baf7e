package io.edarts.cli;

import picocli.CommandLine;

/**
 * Reads a count such as {@code 10000}, {@code 10k} or {@code 1M} (k = 1,000, M = 1,000,000, as the
 * README writes sizes). Anything else, or a count beyond an int, is a usage error naming the text.
 */
final class CountConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    /** @throws CommandLine.TypeConversionException for text that is not a count */
    static int parse(String value) {
        String s = value.trim();
        long scale = 1;
        if (s.endsWith("k") || s.endsWith("K")) {
            scale = 1_000;
        } else if (s.endsWith("M")) {
            scale = 1_000_000;
        }
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-')) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a count: expected digits with an optional k (1,000) or M (1,000,000), e.g. 10k");
        }
        try {
            return Math.toIntExact(Math.multiplyExact(Long.parseLong(digits), scale));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a count that fits an int");
        }
    }
}
