package org.nereid.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test-only EBML reader: lists the elements of a range, to check what the writer produced. */
final class EbmlReader {
    record Element(int id, long start, long dataStart, long size) {
        long end() {
            return dataStart + size;
        }
    }

    private final ByteBuffer file;

    EbmlReader(byte[] bytes) {
        this.file = ByteBuffer.wrap(bytes);
    }

    /** The elements from {@code from} to {@code to}; an unknown size runs to {@code to}. */
    List<Element> children(long from, long to) {
        List<Element> list = new ArrayList<>();
        long at = from;
        while (at < to) {
            long start = at;
            int first = file.get((int) at) & 0xFF;
            int idLength = Integer.numberOfLeadingZeros(first) - 23;
            int id = 0;
            for (int i = 0; i < idLength; i++) {
                id = id << 8 | (file.get((int) at++) & 0xFF);
            }
            int sizeFirst = file.get((int) at) & 0xFF;
            int sizeLength = Integer.numberOfLeadingZeros(sizeFirst) - 23;
            long size = sizeFirst & (0xFF >>> sizeLength);
            at++;
            boolean unknown = size == (0xFF >>> sizeLength);
            for (int i = 1; i < sizeLength; i++) {
                int b = file.get((int) at++) & 0xFF;
                unknown &= b == 0xFF;
                size = size << 8 | b;
            }
            if (unknown) {
                size = to - at;
            }
            list.add(new Element(id, start, at, size));
            at += size;
        }
        return list;
    }

    List<Element> children(Element parent) {
        return children(parent.dataStart(), parent.end());
    }

    Element find(List<Element> elements, int id) {
        return elements.stream().filter(e -> e.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no element " + Integer.toHexString(id)));
    }

    long uint(Element e) {
        long v = 0;
        for (long i = e.dataStart(); i < e.end(); i++) {
            v = v << 8 | (file.get((int) i) & 0xFF);
        }
        return v;
    }

    double floatValue(Element e) {
        return e.size() == 8 ? file.getDouble((int) e.dataStart()) : file.getFloat((int) e.dataStart());
    }

    byte[] bytes(Element e) {
        byte[] b = new byte[(int) e.size()];
        file.get((int) e.dataStart(), b);
        return b;
    }

    int length() {
        return file.capacity();
    }
}
