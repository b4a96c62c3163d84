package org.linkagehub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hardened XML reader: encodings as declared, no DTDs or entities, and the tree the mappings walk. */
class XmlTreeTest {

    static JsonNode read(String xml, Charset charset) {
        return XmlTree.read(xml.getBytes(charset), "GongWen");
    }

    static String rule(Runnable read) {
        try {
            read.run();
        } catch (MalformedPayloadException e) {
            return e.reason().rule();
        }
        throw new AssertionError("expected a MalformedPayloadException");
    }

    @Test
    void attributesRepeatedElementsAndTextHaveTheirPlaces() {
        JsonNode tree = read("""
                <?xml version="1.0" encoding="UTF-8"?>
                <g:GongWen xmlns:g="urn:nx:oa:gongwen:1"><g:WenHao>文号1</g:WenHao>
                  <g:XiangDuiRen leibie="法人" xinyongdaima="91640200MA76A1B2CY">宁夏贺兰山餐饮管理有限公司</g:XiangDuiRen>
                  <g:ZhengJian mingcheng="许可证"/><g:FuJian sha256="a"/><g:FuJian sha256="b"/><g:Kong/></g:GongWen>""",
                StandardCharsets.UTF_8);
        assertThat(tree.path("WenHao").asText()).isEqualTo("文号1");
        assertThat(tree.path("XiangDuiRen").path("@xinyongdaima").asText()).isEqualTo("91640200MA76A1B2CY");
        assertThat(tree.path("XiangDuiRen").path("#text").asText()).isEqualTo("宁夏贺兰山餐饮管理有限公司");
        assertThat(tree.path("ZhengJian").has("#text")).isFalse();
        assertThat(tree.path("FuJian").isArray()).isTrue();
        assertThat(tree.path("FuJian").findValuesAsText("@sha256")).containsExactly("a", "b");
        assertThat(tree.path("Kong").asText()).isEmpty();
        assertThat(tree.has("@xmlns:g")).isFalse();
    }

    @Test
    void gbkAndGb18030AreDecodedAsTheirProlog() {
        String name = "石嘴山市𠮷祥小吃店䶮";
        String doc = "<?xml version=\"1.0\" encoding=\"%s\"?><GongWen><XiangDuiRen>%s</XiangDuiRen></GongWen>";
        assertThat(read(doc.formatted("GB18030", name), Charset.forName("GB18030")).path("XiangDuiRen").asText())
                .isEqualTo(name);
        assertThat(read(doc.formatted("gbk", "王某某"), Charset.forName("GBK")).path("XiangDuiRen").asText())
                .isEqualTo("王某某");
    }

    @Test
    void aByteOrderMarkIsHonouredAndMustAgreeWithTheProlog() {
        byte[] text = "<?xml version=\"1.0\"?><GongWen><WenHao>号</WenHao></GongWen>".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        System.arraycopy(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 0, withBom, 0, 3);
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertThat(XmlTree.read(withBom, "GongWen").path("WenHao").asText()).isEqualTo("号");
        byte[] lying = new String(withBom, StandardCharsets.ISO_8859_1).replace("<?xml version=\"1.0\"?>",
                "<?xml version=\"1.0\" encoding=\"GBK\"?>").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rule(() -> XmlTree.read(lying, "GongWen"))).isEqualTo("encoding");
    }

    @Test
    void bytesThatAreNotTheDeclaredEncodingAreAnEncodingReasonNotReplacementCharacters() {
        String doc = "<?xml version=\"1.0\" encoding=\"%s\"?>\n<GongWen><WenHao>石审批许</WenHao></GongWen>";
        assertThatThrownBy(() -> read(doc.formatted("UTF-8"), Charset.forName("GBK")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("line 2")
                .hasMessageContaining("not valid UTF-8");
        byte[] badGbk = doc.formatted("GBK").getBytes(Charset.forName("GBK"));
        badGbk[badGbk.length - 20] = (byte) 0xFF;
        assertThat(rule(() -> XmlTree.read(badGbk, "GongWen"))).isEqualTo("encoding");
        assertThat(rule(() -> read(doc.formatted("KLINGON-8"), StandardCharsets.UTF_8))).isEqualTo("encoding");
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE GongWen [<!ENTITY s SYSTEM "%s">]>
                <GongWen><WenHao>&s;</WenHao></GongWen>""".formatted(secret.toUri());
        assertThatThrownBy(() -> read(xxe, StandardCharsets.UTF_8)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("line 2").hasMessageNotContaining("TOP-SECRET")
                .satisfies(e -> assertThat(((MalformedPayloadException) e).reason().rule()).isEqualTo("doctype"));
        String parameterEntity = """
                <?xml version="1.0"?>
                <!DOCTYPE GongWen [<!ENTITY % p SYSTEM "%s"> %p;]><GongWen/>""".replace("%s", secret.toUri().toString());
        assertThat(rule(() -> read(parameterEntity, StandardCharsets.UTF_8))).isEqualTo("doctype");
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE GongWen [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = "<?xml version=\"1.0\"?>" + dtd + "]><GongWen><WenHao>&lol9;</WenHao></GongWen>";
        assertThat(rule(() -> read(bomb, StandardCharsets.UTF_8))).isEqualTo("doctype");
    }

    @Test
    void malformedXmlAndAForeignRootAreRefusedWithWhere() {
        assertThatThrownBy(() -> read("<GongWen>\n<WenHao>1</GongWen>", StandardCharsets.UTF_8))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("line 2");
        assertThat(rule(() -> read("<GongWen><a></GongWen>", StandardCharsets.UTF_8))).isEqualTo("malformed");
        assertThat(rule(() -> read("<ShouWen/>", StandardCharsets.UTF_8))).isEqualTo("root-element");
        assertThat(rule(() -> read("", StandardCharsets.UTF_8))).isEqualTo("malformed");
    }
}
