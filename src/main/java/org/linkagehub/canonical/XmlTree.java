package org.linkagehub.canonical;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads an untrusted XML document into the JSON tree the dotted-path mappings walk, so an XML source is
 * mapped by the same engine as the JSON ones.
 *
 * <p>The bytes are decoded strictly in the encoding the byte-order mark or the prolog declares (GBK and
 * GB18030 included): the JDK parser would decode GBK through a lenient reader that silently turns a bad byte
 * into U+FFFD, and a replaced character in a name or a number must be a reason, not a quiet change. The
 * parser refuses any DOCTYPE, so neither external entities nor entity expansion (billion laughs) can happen.
 *
 * <p>Tree shape: element local names as keys (the namespace is ignored), attributes as {@code @name}, the text
 * of an element that has attributes or children as {@code #text}, repeated elements as arrays; an element with
 * neither is just its text.
 */
final class XmlTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._:-]*)[\"']");
    private static final int PROLOG_WINDOW = 256;
    /** Attributes one element may have; the OA's elements have none or one. */
    static final int MAX_ATTRIBUTES = 32;
    // the JDK parser's own limits (JAXP); without a depth limit a deep document overflows the stack of the tree walk
    private static final String MAX_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    private static final String ATTRIBUTE_LIMIT_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/elementAttributeLimit";

    private XmlTree() {
    }

    /**
     * The document's root element as a tree.
     *
     * @param root the local name the root element must have
     * @throws MalformedPayloadException rule {@code encoding}, {@code doctype}, {@code malformed} or
     *                                   {@code root-element}, with the line and column where known
     */
    static JsonNode read(byte[] body, String root) {
        String text = decode(body);
        Element element = parse(text).getDocumentElement();
        String name = localName(element);
        if (!name.equals(root)) {
            throw malformed("root-element", "the root element is <" + name + ">, expected <" + root + ">");
        }
        return convert(element);
    }

    private static String decode(byte[] body) {
        int offset = 0;
        Charset charset;
        String declared = declaredEncoding(body);
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            offset = 3;
            charset = StandardCharsets.UTF_8;
            if (declared != null && !charsetOf(declared).equals(StandardCharsets.UTF_8)) {
                throw malformed("encoding", "the byte-order mark says UTF-8 but the prolog declares " + declared);
            }
        } else if (startsWith(body, 0xFE, 0xFF) || startsWith(body, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16;
        } else {
            charset = declared == null ? StandardCharsets.UTF_8 : charsetOf(declared);
        }
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, offset, body.length - offset);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil((body.length - offset) * (double) Math.max(1f,
                decoder.maxCharsPerByte())) + 16);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw malformed("encoding", "the bytes at offset " + at + " (line " + lineAt(body, at) + ") are not valid "
                    + charset.name() + (declared == null ? "" : ", the encoding the prolog declares"));
        }
        return out.flip().toString();
    }

    /** The prolog's {@code encoding="…"}: the prolog is ASCII in every encoding a platform here uses. */
    private static String declaredEncoding(byte[] body) {
        int start = startsWith(body, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        String head = new String(body, start, Math.min(PROLOG_WINDOW, body.length - start), StandardCharsets.ISO_8859_1);
        Matcher m = DECLARED_ENCODING.matcher(head);
        return m.find() ? m.group(1) : null;
    }

    private static Charset charsetOf(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw malformed("encoding", "the prolog declares an unknown encoding '" + name + "'");
        }
    }

    private static org.w3c.dom.Document parse(String text) {
        try {
            DocumentBuilder builder = hardenedFactory().newDocumentBuilder();
            builder.setErrorHandler(new Strict());
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not read: " + systemId);
            });
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            // the parser refuses a DOCTYPE before reading anything it declares; its message is localised, the
            // declaration itself is not
            boolean doctype = text.contains("<!DOCTYPE");
            String message = String.valueOf(e.getMessage());
            if (message.contains("maxElementDepth")) {
                throw malformed("too-deep", "elements are nested more than " + StrictInput.MAX_DEPTH
                        + " levels deep at line " + e.getLineNumber());
            }
            if (message.contains("elementAttributeLimit") || message.contains("JAXP00010002")) {
                throw malformed("too-many-attributes", "an element has more than " + MAX_ATTRIBUTES
                        + " attributes at line " + e.getLineNumber());
            }
            throw malformed(doctype ? "doctype" : "malformed", (doctype
                    ? "a DOCTYPE is not accepted (no DTDs, no entities)" : "not well-formed XML")
                    + " at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + StrictInput.plain(message));
        } catch (SAXException | IOException e) {
            throw malformed("malformed", "not readable XML: " + StrictInput.plain(String.valueOf(e.getMessage())));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
        }
    }

    private static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute(MAX_DEPTH_PROPERTY, StrictInput.MAX_DEPTH);
        factory.setAttribute(ATTRIBUTE_LIMIT_PROPERTY, MAX_ATTRIBUTES);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static JsonNode convert(Element element) {
        ObjectNode node = NODES.objectNode();
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                node.put("@" + localName(attribute), attribute.getValue());
            }
        }
        StringBuilder text = new StringBuilder();
        boolean children = false;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    children = true;
                    add(node, localName(child), convert((Element) child));
                }
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(child.getNodeValue());
                default -> {
                    // comments and processing instructions carry no data
                }
            }
        }
        if (!children && node.isEmpty()) {
            return NODES.textNode(text.toString());
        }
        if (!text.toString().isBlank()) {
            node.put("#text", text.toString());
        }
        return node;
    }

    private static void add(ObjectNode node, String name, JsonNode value) {
        JsonNode existing = node.get(name);
        if (existing == null) {
            node.set(name, value);
        } else if (existing instanceof ArrayNode list) {
            list.add(value);
        } else {
            node.putArray(name).add(existing).add(value);
        }
    }

    private static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static boolean startsWith(byte[] body, int... prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((body[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineAt(byte[] body, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < body.length; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static MalformedPayloadException malformed(String rule, String message) {
        return new MalformedPayloadException(Reason.of("(body)", null, rule, message));
    }

    /** Fatal errors and errors end the parse; the default handler would print them to stderr and go on. */
    private static final class Strict implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // nothing a warning says changes what is read
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
