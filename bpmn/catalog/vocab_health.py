"""Names for health, pharmacy, food safety, education and vocational training fields.

Owned by Sở Y tế and Sở Giáo dục và Đào tạo (which took vocational training in 2025).
Since July 2025 pre-school, primary and lower-secondary schools are the commune's; upper
secondary and continuing education stay with the province. See
:mod:`bpmn.catalog.vocab_base`.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import CERT, RECOGNISE, Vocab, obj

__all__ = ["VOCAB"]

_PRACTITIONERS = (
    "đối với chức danh bác sỹ",
    "đối với chức danh y sỹ",
    "đối với chức danh điều dưỡng",
    "đối với chức danh hộ sinh",
    "đối với chức danh kỹ thuật y",
    "đối với chức danh dinh dưỡng lâm sàng",
    "đối với chức danh cấp cứu viên ngoại viện",
    "đối với chức danh tâm lý lâm sàng",
    "đối với lương y",
    "đối với người có bài thuốc gia truyền hoặc phương pháp chữa bệnh gia truyền",
    "đối với chức danh y sỹ y học cổ truyền",
    "đối với chức danh khúc xạ nhãn khoa",
)
_FACILITIES = (
    "đối với bệnh viện",
    "đối với phòng khám đa khoa",
    "đối với phòng khám chuyên khoa",
    "đối với phòng khám y học cổ truyền",
    "đối với phòng chẩn trị y học cổ truyền",
    "đối với cơ sở dịch vụ cấp cứu, hỗ trợ vận chuyển người bệnh",
    "đối với phòng xét nghiệm",
    "đối với cơ sở dịch vụ điều dưỡng",
    "đối với nhà hộ sinh",
    "đối với phòng khám chuyên khoa răng hàm mặt",
    "đối với cơ sở chẩn đoán hình ảnh",
)
_PHARMACIES = (
    "cho cơ sở bán lẻ thuốc là nhà thuốc",
    "cho cơ sở bán lẻ thuốc là quầy thuốc",
    "cho cơ sở bán lẻ thuốc là tủ thuốc trạm y tế xã",
    "cho cơ sở bán buôn thuốc",
    "cho cơ sở bán lẻ thuốc dược liệu, thuốc cổ truyền",
    "cho cơ sở kinh doanh thuốc phải kiểm soát đặc biệt",
)
_SCHOOL = (
    "Thành lập {o}",
    "Cho phép {o} hoạt động giáo dục",
    "Cho phép {o} hoạt động giáo dục trở lại",
    "Sáp nhập, chia, tách {o}",
    "Giải thể {o}",
)
_VOCATIONAL = (
    "Thành lập {o}",
    "Sáp nhập, chia, tách {o}",
    "Giải thể {o}",
    "Cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp đối với {o}",
    "Cấp giấy chứng nhận đăng ký bổ sung hoạt động giáo dục nghề nghiệp đối với {o}",
)
_OWNERSHIP = ("công lập", "tư thục")
_LICENCE_HEALTH = ("Cấp mới {o}", "Cấp lại {o}", "Điều chỉnh {o}")

VOCAB: dict[str, Vocab] = {
    "kham_chua_benh": Vocab(
        real=(
            "p:Công bố cơ sở đủ điều kiện thực hiện khám sức khỏe",
            "p:Công bố cơ sở khám bệnh, chữa bệnh đủ điều kiện thực hiện kỹ thuật hỗ trợ "
            "sinh sản",
            "p:Cho phép áp dụng kỹ thuật mới, phương pháp mới trong khám bệnh, chữa bệnh",
            "p:Xếp cấp chuyên môn kỹ thuật đối với cơ sở khám bệnh, chữa bệnh",
        ),
        objects=(
            obj("p:giấy phép hành nghề", (*_LICENCE_HEALTH, "Gia hạn {o}"), *_PRACTITIONERS),
            obj("p:giấy phép hoạt động", _LICENCE_HEALTH, *_FACILITIES),
        ),
    ),
    "duoc_pham": Vocab(
        real=(
            "p:Cho phép mua thuốc gây nghiện, thuốc hướng thần, thuốc tiền chất",
            "p:Cho phép hủy thuốc gây nghiện, thuốc hướng thần, thuốc tiền chất",
            "p:Xác nhận nội dung thông tin, quảng cáo thuốc",
            "p:Cấp giấy chứng nhận đủ điều kiện sản xuất mỹ phẩm",
            "p:Tiếp nhận phiếu công bố sản phẩm mỹ phẩm sản xuất trong nước",
            "p:Cấp giấy xác nhận nội dung quảng cáo mỹ phẩm",
            "p:Cấp phép nhập khẩu thuốc thành phẩm chưa có giấy đăng ký lưu hành phục vụ cấp "
            "cứu",
            "p:Công bố cơ sở kinh doanh có tổ chức kệ thuốc",
            "p:Đăng ký tổ chức hội thảo giới thiệu thuốc",
        ),
        objects=(
            obj("p:chứng chỉ hành nghề dược", ("Cấp {o}", "Cấp lại {o}",
                                              "Điều chỉnh nội dung {o}"),
                "theo hình thức xét hồ sơ", "theo hình thức thi"),
            obj("p:giấy chứng nhận đủ điều kiện kinh doanh dược",
                ("Cấp {o}", "Cấp lại {o}", "Điều chỉnh nội dung {o}"), *_PHARMACIES),
            obj("p:đáp ứng Thực hành tốt", ("Đánh giá {o}", "Đánh giá duy trì {o}"),
                "cơ sở bán lẻ thuốc", "phân phối thuốc, nguyên liệu làm thuốc"),
        ),
    ),
    "an_toan_thuc_pham": Vocab(
        real=(
            "p:Xác nhận nội dung quảng cáo thực phẩm",
            "p:Cấp giấy xác nhận kiến thức về an toàn thực phẩm",
            "c:Kiểm tra, xác nhận cam kết bảo đảm an toàn thực phẩm đối với cơ sở sản xuất, "
            "kinh doanh thực phẩm nhỏ lẻ",
            "c:Cấp giấy xác nhận kiến thức về an toàn thực phẩm cho người trực tiếp chế biến "
            "thực phẩm tại bếp ăn tập thể",
            "c:Tiếp nhận bản cam kết bảo đảm an toàn thực phẩm đối với kinh doanh thức ăn "
            "đường phố",
        ),
        objects=(
            obj("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", CERT,
                "p:đối với cơ sở sản xuất thực phẩm",
                "p:đối với cơ sở kinh doanh dịch vụ ăn uống",
                "c:đối với cơ sở kinh doanh dịch vụ ăn uống thuộc thẩm quyền của Ủy ban nhân "
                "dân cấp xã"),
            obj("p:bản công bố sản phẩm", ("Đăng ký {o}",),
                "đối với thực phẩm dinh dưỡng y học", "đối với thực phẩm bảo vệ sức khỏe "
                "sản xuất trong nước", "đối với phụ gia thực phẩm hỗn hợp có công dụng mới"),
        ),
    ),
    "y_te_du_phong": Vocab(
        real=(
            "p:Công bố đủ điều kiện thực hiện hoạt động quan trắc môi trường lao động",
            "p:Công bố cơ sở đủ điều kiện tiêm chủng",
            "p:Công bố cơ sở xét nghiệm đạt tiêu chuẩn an toàn sinh học cấp I, cấp II",
            "p:Cấp giấy chứng nhận bị phơi nhiễm với HIV do tai nạn rủi ro nghề nghiệp",
            "p:Cấp giấy chứng nhận bị nhiễm HIV do tai nạn rủi ro nghề nghiệp",
            "p:Cấp giấy chứng nhận kiểm dịch y tế đối với thi thể, hài cốt",
            "p:Chuyển tiếp điều trị nghiện các chất dạng thuốc phiện bằng thuốc thay thế",
            "p:Công bố cơ sở đủ điều kiện sản xuất chế phẩm diệt côn trùng, diệt khuẩn dùng "
            "trong gia dụng và y tế",
            "p:Công bố đủ điều kiện thực hiện khám sức khỏe định kỳ cho người lao động",
            "p:Công bố cơ sở điều trị nghiện các chất dạng thuốc phiện bằng thuốc thay thế",
            "c:Đăng ký tham gia điều trị nghiện các chất dạng thuốc phiện bằng thuốc thay "
            "thế",
            "c:Tiếp nhận thông báo trường hợp mắc bệnh truyền nhiễm nhóm A tại cộng đồng",
            "p:Cấp lại giấy chứng nhận phòng xét nghiệm đạt tiêu chuẩn an toàn sinh học",
            "p:Thẩm định kế hoạch phòng, chống dịch bệnh truyền nhiễm tại cơ sở",
            "p:Tiếp nhận hồ sơ công bố cơ sở đủ điều kiện cung cấp dịch vụ diệt côn trùng",
        ),
    ),
    "trang_thiet_bi_y_te": Vocab(
        real=(
            "p:Công bố đủ điều kiện mua bán trang thiết bị y tế thuộc loại B, C, D",
            "p:Công bố tiêu chuẩn áp dụng đối với trang thiết bị y tế thuộc loại A, B",
            "p:Công bố đủ điều kiện sản xuất trang thiết bị y tế",
            "p:Công bố đủ điều kiện mua bán trang thiết bị y tế có chứa chất ma túy và tiền "
            "chất",
            "p:Điều chỉnh thông tin trong hồ sơ công bố đủ điều kiện mua bán trang thiết bị y "
            "tế",
            "p:Điều chỉnh thông tin trong hồ sơ công bố tiêu chuẩn áp dụng đối với trang "
            "thiết bị y tế thuộc loại A, B",
            "p:Điều chỉnh thông tin trong hồ sơ công bố đủ điều kiện sản xuất trang thiết bị "
            "y tế",
            "p:Xác nhận nội dung quảng cáo trang thiết bị y tế",
            "p:Cấp giấy chứng nhận lưu hành tự do cho trang thiết bị y tế sản xuất trong "
            "nước",
            "p:Công bố cơ sở đủ điều kiện kiểm định trang thiết bị y tế",
            "p:Thu hồi số công bố tiêu chuẩn áp dụng của trang thiết bị y tế",
        ),
    ),
    "giam_dinh_y_khoa": Vocab(
        real=(
            "p:Khám giám định thương tật lần đầu do tai nạn lao động",
            "p:Khám giám định lần đầu do bệnh nghề nghiệp",
            "p:Khám giám định tái phát tai nạn lao động",
            "p:Khám giám định để thực hiện chế độ tử tuất",
            "p:Khám giám định để xác định lao động nữ không đủ sức khỏe để chăm sóc con sau "
            "khi sinh",
            "p:Khám giám định mức độ khuyết tật đối với trường hợp Hội đồng xác định mức độ "
            "khuyết tật không đưa ra được kết luận",
            "p:Khám giám định phúc quyết",
        ),
    ),
    "giao_duc_dao_tao": Vocab(
        real=(
            "p:Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
            "p:Chỉnh sửa nội dung văn bằng, chứng chỉ",
            "p:Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở giáo dục nước "
            "ngoài cấp",
            "p:Đăng ký dự thi tốt nghiệp trung học phổ thông",
            "p:Phúc khảo bài thi tốt nghiệp trung học phổ thông",
            "p:Xét đặc cách tốt nghiệp trung học phổ thông",
            "p:Cấp giấy chứng nhận đăng ký hoạt động dịch vụ tư vấn du học",
            "p:Cấp lại giấy chứng nhận đăng ký hoạt động dịch vụ tư vấn du học",
            "p:Chuyển trường đối với học sinh trung học phổ thông",
            "c:Chuyển trường đối với học sinh trung học cơ sở",
            "c:Chuyển trường đối với học sinh tiểu học",
            "p:Xin học lại tại trường khác đối với học sinh trung học",
            "p:Tiếp nhận học sinh Việt Nam về nước",
            "p:Tiếp nhận học sinh người nước ngoài",
            "c:Công nhận xã đạt chuẩn phổ cập giáo dục, xóa mù chữ",
            "c:Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú",
            "c:Hỗ trợ ăn trưa đối với trẻ em mẫu giáo",
            "c:Trợ cấp đối với trẻ em mầm non là con công nhân, người lao động làm việc tại "
            "khu công nghiệp",
            "c:Cấp học bổng và hỗ trợ kinh phí mua sắm phương tiện, đồ dùng học tập cho người "
            "khuyết tật",
            "c:Miễn, giảm học phí, hỗ trợ chi phí học tập cho học sinh",
            "p:Miễn, giảm học phí, hỗ trợ chi phí học tập cho học sinh trung học phổ thông",
            "p:Cấp phép tổ chức hoạt động giáo dục kỹ năng sống và hoạt động giáo dục ngoài "
            "giờ chính khóa",
            "p:Phê duyệt việc dạy và học bằng tiếng nước ngoài",
            "p:Phê duyệt liên kết giáo dục với nước ngoài",
            "p:Gia hạn, điều chỉnh liên kết giáo dục với nước ngoài",
            "c:Đăng ký tổ chức dạy thêm, học thêm ngoài nhà trường",
            "p:Xét tuyển sinh vào trường phổ thông dân tộc nội trú",
            "c:Xét tuyển sinh vào trường phổ thông dân tộc bán trú",
            "p:Cấp giấy phép thành lập văn phòng đại diện giáo dục nước ngoài tại tỉnh",
        ),
        objects=(
            obj("c:trường mầm non", _SCHOOL, "công lập", "dân lập", "tư thục"),
            obj("c:trường tiểu học", _SCHOOL, *_OWNERSHIP),
            obj("c:trường trung học cơ sở", _SCHOOL, *_OWNERSHIP),
            obj("c:nhóm trẻ, lớp mẫu giáo độc lập", _SCHOOL, "dân lập", "tư thục"),
            obj("c:trường phổ thông dân tộc bán trú", _SCHOOL),
            obj("p:trường trung học phổ thông", _SCHOOL, *_OWNERSHIP),
            obj("p:trường phổ thông dân tộc nội trú", _SCHOOL),
            obj("p:trường phổ thông có nhiều cấp học", _SCHOOL, *_OWNERSHIP),
            obj("p:trung tâm giáo dục thường xuyên", _SCHOOL),
            obj("p:trung tâm ngoại ngữ, tin học", _SCHOOL),
            obj("p:trung tâm hỗ trợ phát triển giáo dục hòa nhập", _SCHOOL, *_OWNERSHIP),
            obj("c:trường mầm non đạt chuẩn quốc gia", RECOGNISE),
            obj("c:trường tiểu học đạt chuẩn quốc gia", RECOGNISE),
            obj("c:trường trung học cơ sở đạt chuẩn quốc gia", RECOGNISE),
            obj("p:trường trung học phổ thông đạt chuẩn quốc gia", RECOGNISE),
            obj("p:trường phổ thông có nhiều cấp học đạt chuẩn quốc gia", RECOGNISE),
            *(obj(school, ("Đánh giá ngoài và công nhận đạt kiểm định chất lượng giáo dục "
                           "đối với {o}",))
              for school in ("c:trường mầm non", "c:trường tiểu học", "c:trường trung học cơ sở",
                             "p:trường trung học phổ thông",
                             "p:trung tâm giáo dục thường xuyên")),
        ),
    ),
    "giao_duc_nghe_nghiep": Vocab(
        real=(
            "p:Cho phép thành lập phân hiệu của trường trung cấp",
            "p:Công nhận hiệu trưởng trường trung cấp tư thục",
            "p:Cấp giấy chứng nhận đăng ký hoạt động liên kết đào tạo với nước ngoài đối với "
            "trường trung cấp, trung tâm giáo dục nghề nghiệp",
            "p:Cho phép doanh nghiệp thành lập cơ sở giáo dục nghề nghiệp",
        ),
        objects=(
            obj("p:trung tâm giáo dục nghề nghiệp", _VOCATIONAL, *_OWNERSHIP),
            obj("p:trường trung cấp", _VOCATIONAL, *_OWNERSHIP),
        ),
    ),
}
