"""Names for business, investment, finance, tax, trade, energy and science fields.

Owned by Sở Tài chính (which absorbed planning and investment in 2025), Thuế tỉnh,
Sở Công Thương and Sở Khoa học và Công nghệ. See :mod:`bpmn.catalog.vocab_base`.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import CERT, LICENCE, Vocab, obj

__all__ = ["VOCAB"]

_COMPANIES = (
    "doanh nghiệp tư nhân",
    "công ty trách nhiệm hữu hạn một thành viên",
    "công ty trách nhiệm hữu hạn hai thành viên trở lên",
    "công ty cổ phần",
    "công ty hợp danh",
)
_COMPANY_VERBS = (
    "Đăng ký thành lập {o}",
    "Đăng ký thay đổi địa chỉ trụ sở chính của {o}",
    "Đăng ký đổi tên {o}",
    "Đăng ký thay đổi người đại diện theo pháp luật của {o}",
    "Thông báo thay đổi ngành, nghề kinh doanh của {o}",
    "Giải thể {o}",
    "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của {o}",
    "Thông báo cập nhật thông tin chủ sở hữu hưởng lợi của {o}",
    "Đăng ký thay đổi nội dung đăng ký doanh nghiệp trong trường hợp {o} chuyển địa chỉ "
    "sang tỉnh khác",
)
_COOPERATIVE_VERBS = (
    "Đăng ký thành lập {o}",
    "Đăng ký thay đổi nội dung đăng ký {o}",
    "Tạm ngừng hoạt động {o}",
    "Giải thể tự nguyện {o}",
    "Cấp lại giấy chứng nhận đăng ký {o}",
    "Chia, tách {o}",
    "Hợp nhất, sáp nhập {o}",
    "Đăng ký thành lập chi nhánh, văn phòng đại diện, địa điểm kinh doanh của {o}",
    "Chấm dứt hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh của {o}",
    "Thông báo thay đổi nội dung đăng ký {o}",
)
_ASSET_DECISIONS = tuple(
    f"Quyết định {verb} {{o}}"
    for verb in ("giao", "điều chuyển", "thu hồi", "bán", "thanh lý", "tiêu hủy",
                 "chuyển đổi công năng sử dụng")
)
_RETAIL = ("Cấp {o}", "Cấp sửa đổi, bổ sung {o}", "Cấp lại {o}")
_FDI_TRADE = ("Cấp {o}", "Điều chỉnh {o}", "Gia hạn {o}", "Cấp lại {o}")
_SCIENCE_REG = ("Cấp {o}", "Cấp lại {o}", "Cấp thay đổi, bổ sung nội dung {o}")

VOCAB: dict[str, Vocab] = {
    "doanh_nghiep": Vocab(
        real=(
            "p:Cấp lại Giấy chứng nhận đăng ký doanh nghiệp",
            "p:Hiệu đính thông tin đăng ký doanh nghiệp",
            "p:Cập nhật bổ sung thông tin đăng ký doanh nghiệp",
            "p:Cung cấp thông tin doanh nghiệp",
            "p:Khôi phục tình trạng pháp lý của doanh nghiệp",
            "p:Thông báo chào bán cổ phần riêng lẻ của công ty cổ phần không phải là công ty "
            "đại chúng",
            "p:Thông báo cho thuê doanh nghiệp tư nhân",
            "p:Thông báo bán doanh nghiệp tư nhân",
            "p:Chuyển đổi hộ kinh doanh thành doanh nghiệp",
            "p:Chuyển đổi công ty trách nhiệm hữu hạn thành công ty cổ phần và ngược lại",
            "p:Chuyển đổi doanh nghiệp tư nhân thành công ty trách nhiệm hữu hạn, công ty cổ "
            "phần, công ty hợp danh",
            "p:Đăng ký doanh nghiệp đối với các công ty được thành lập trên cơ sở chia công ty",
            "p:Đăng ký doanh nghiệp đối với công ty được thành lập trên cơ sở tách công ty",
            "p:Hợp nhất doanh nghiệp",
            "p:Sáp nhập doanh nghiệp",
            "p:Đăng ký thay đổi vốn điều lệ, thay đổi tỷ lệ vốn góp",
            "p:Đăng ký thay đổi thành viên công ty trách nhiệm hữu hạn hai thành viên trở lên",
            "p:Đăng ký thay đổi chủ sở hữu công ty trách nhiệm hữu hạn một thành viên",
            "p:Thông báo thay đổi thông tin cổ đông sáng lập công ty cổ phần chưa niêm yết",
            "p:Thông báo thay đổi thông tin người quản lý doanh nghiệp",
            "p:Thông báo lập địa điểm kinh doanh",
            "p:Đăng ký thay đổi vốn đầu tư của chủ doanh nghiệp tư nhân",
            "p:Thông báo thay đổi thông tin đăng ký thuế của doanh nghiệp",
        ),
        objects=(
            *(obj(f"p:{company}", _COMPANY_VERBS) for company in _COMPANIES),
            obj("p:chi nhánh, văn phòng đại diện",
                ("Đăng ký hoạt động {o}",
                 "Đăng ký thay đổi nội dung đăng ký hoạt động {o}",
                 "Chấm dứt hoạt động {o}"),
                "của doanh nghiệp", "của doanh nghiệp xã hội"),
        ),
    ),
    "ho_kinh_doanh": Vocab(
        real=(
            "c:Đăng ký thành lập hộ kinh doanh|3wd",
            "c:Đăng ký thay đổi nội dung đăng ký hộ kinh doanh|3wd",
            "c:Tạm ngừng hoạt động, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ "
            "kinh doanh|3wd",
            "c:Chấm dứt hoạt động hộ kinh doanh|3wd",
            "c:Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh|3wd",
            "c:Đăng ký thay đổi chủ hộ kinh doanh|3wd",
            "c:Thông báo địa điểm kinh doanh của hộ kinh doanh",
            "c:Đăng ký thay đổi địa chỉ trụ sở hộ kinh doanh sang xã khác",
            "c:Hiệu đính thông tin đăng ký hộ kinh doanh",
            "c:Cập nhật bổ sung thông tin đăng ký hộ kinh doanh",
            "c:Thu hồi Giấy chứng nhận đăng ký hộ kinh doanh",
            "c:Cung cấp thông tin về hộ kinh doanh",
            "c:Đăng ký thay đổi ngành, nghề kinh doanh của hộ kinh doanh",
            "c:Đăng ký thay đổi vốn kinh doanh của hộ kinh doanh",
            "c:Thông báo thay đổi thông tin của chủ hộ kinh doanh",
            "c:Đăng ký thay đổi thành viên hộ gia đình đăng ký hộ kinh doanh",
        ),
    ),
    "hop_tac_xa": Vocab(
        real=(
            "c:Thông báo thành lập tổ hợp tác",
            "c:Thông báo thay đổi tổ hợp tác",
            "c:Thông báo chấm dứt hoạt động của tổ hợp tác",
            "c:Chuyển đổi tổ hợp tác thành hợp tác xã",
        ),
        objects=(
            obj("c:hợp tác xã", _COOPERATIVE_VERBS),
            obj("p:liên hiệp hợp tác xã", _COOPERATIVE_VERBS),
        ),
    ),
    "dau_tu": Vocab(
        real=(
            "p:Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận "
            "chủ trương đầu tư|15d",
            "p:Điều chỉnh tên dự án đầu tư, tên và địa chỉ nhà đầu tư trong Giấy chứng nhận "
            "đăng ký đầu tư|3wd",
            "p:Điều chỉnh nội dung dự án đầu tư trong Giấy chứng nhận đăng ký đầu tư",
            "p:Chuyển nhượng dự án đầu tư",
            "p:Điều chỉnh dự án đầu tư khi chia, tách, sáp nhập, hợp nhất, chuyển đổi loại "
            "hình tổ chức kinh tế",
            "p:Điều chỉnh dự án đầu tư theo bản án, quyết định của tòa án, trọng tài",
            "p:Cấp lại Giấy chứng nhận đăng ký đầu tư",
            "p:Hiệu đính thông tin trên Giấy chứng nhận đăng ký đầu tư",
            "p:Nộp lại Giấy chứng nhận đăng ký đầu tư",
            "p:Giãn tiến độ đầu tư",
            "p:Tạm ngừng, ngừng hoạt động của dự án đầu tư",
            "p:Chấm dứt hoạt động dự án đầu tư",
            "p:Thành lập văn phòng điều hành của nhà đầu tư nước ngoài trong hợp đồng BCC",
            "p:Chấm dứt hoạt động văn phòng điều hành của nhà đầu tư nước ngoài trong hợp "
            "đồng BCC",
            "p:Đầu tư theo hình thức góp vốn, mua cổ phần, mua phần vốn góp của nhà đầu tư "
            "nước ngoài",
            "p:Cung cấp thông tin về dự án đầu tư",
            "p:Bảo đảm đầu tư trong trường hợp không được tiếp tục áp dụng ưu đãi đầu tư",
            "p:Đổi Giấy chứng nhận đăng ký đầu tư cho dự án được cấp giấy phép đầu tư",
            "p:Điều chỉnh dự án đầu tư trong trường hợp nhà đầu tư nhận chuyển nhượng dự án "
            "đầu tư là tài sản bảo đảm",
            "p:Cung cấp thông tin về quy hoạch, danh mục dự án thu hút đầu tư",
        ),
        objects=(
            obj("p:chủ trương đầu tư", ("Chấp thuận {o}", "Điều chỉnh {o}"),
                "của Ủy ban nhân dân tỉnh", "đồng thời với chấp thuận nhà đầu tư",
                "đối với dự án đầu tư xây dựng nhà ở, khu đô thị",
                "đối với dự án trong khu công nghiệp"),
            obj("p:dự án đầu tư theo phương thức đối tác công tư", ("Thẩm định {o}",
                "Phê duyệt {o}", "Điều chỉnh {o}"), "nhóm B", "nhóm C"),
            obj("p:nhà đầu tư thực hiện dự án", ("Chấp thuận {o}",),
                "có sử dụng đất", "thông qua đấu thầu"),
            obj("p:Giấy chứng nhận đăng ký đầu tư", ("Điều chỉnh {o}",),
                "khi thay đổi nhà đầu tư", "khi thay đổi vốn đầu tư",
                "khi thay đổi tiến độ thực hiện dự án", "khi thay đổi địa điểm thực hiện dự án",
                "khi thay đổi mục tiêu, quy mô dự án"),
        ),
    ),
    "tai_chinh": Vocab(
        real=(
            "p:Đăng ký giá",
            "p:Kê khai giá",
            "p:Hiệp thương giá",
            "p:Thẩm định phương án giá do Ủy ban nhân dân tỉnh định giá",
            "p:Cấp mã số đơn vị có quan hệ với ngân sách",
            "p:Xác lập quyền sở hữu toàn dân đối với tài sản",
            "p:Thanh toán chi phí có liên quan đến việc xử lý tài sản công",
            "p:Quyết định sử dụng tài sản công để tham gia dự án đầu tư theo hình thức đối tác "
            "công tư",
            "c:Quyết định xử lý tài sản công trong trường hợp bị mất, bị hủy hoại tại cơ quan "
            "cấp xã",
        ),
        objects=(
            obj("tài sản công", _ASSET_DECISIONS,
                "p:tại cơ quan, tổ chức, đơn vị cấp tỉnh",
                "c:tại cơ quan, tổ chức, đơn vị cấp xã"),
            obj("tài sản được xác lập quyền sở hữu toàn dân", ("Phê duyệt phương án xử lý {o}",),
                "p:thuộc thẩm quyền của Ủy ban nhân dân tỉnh",
                "c:thuộc thẩm quyền của Ủy ban nhân dân cấp xã"),
            obj("tài sản kết cấu hạ tầng", ("Quyết định giao {o}", "Quyết định khai thác {o}"),
                "p:giao thông đường bộ", "p:thủy lợi", "c:chợ", "c:nước sạch nông thôn"),
        ),
    ),
    "thue": Vocab(
        real=(
            "p:Đăng ký thuế lần đầu đối với tổ chức kinh tế, tổ chức khác|3wd",
            "p:Đăng ký thuế lần đầu đối với cá nhân có thu nhập chịu thuế thu nhập cá "
            "nhân|3wd",
            "p:Thay đổi thông tin đăng ký thuế|3wd",
            "p:Chấm dứt hiệu lực mã số thuế",
            "p:Khôi phục mã số thuế",
            "p:Khai thuế giá trị gia tăng",
            "p:Khai thuế thu nhập doanh nghiệp",
            "p:Quyết toán thuế thu nhập cá nhân",
            "p:Hoàn thuế giá trị gia tăng",
            "p:Hoàn thuế thu nhập cá nhân",
            "p:Miễn thuế, giảm thuế theo quy định của pháp luật thuế",
            "p:Khoanh nợ tiền thuế, tiền chậm nộp, tiền phạt",
            "p:Xóa nợ tiền thuế, tiền chậm nộp, tiền phạt",
            "p:Gia hạn nộp thuế",
            "p:Nộp dần tiền thuế nợ",
            "p:Miễn tiền chậm nộp",
            "p:Xác nhận việc thực hiện nghĩa vụ thuế",
            "p:Khai lệ phí trước bạ nhà, đất",
            "p:Khai lệ phí trước bạ tàu thuyền, ô tô, xe máy",
            "p:Khai thuế sử dụng đất phi nông nghiệp",
            "p:Miễn, giảm tiền sử dụng đất",
            "p:Miễn, giảm tiền thuê đất",
            "p:Đăng ký sử dụng hóa đơn điện tử",
            "p:Cấp hóa đơn điện tử có mã của cơ quan thuế theo từng lần phát sinh",
            "p:Khai thuế đối với hộ kinh doanh, cá nhân kinh doanh",
            "p:Khai thuế tài nguyên",
            "p:Khai phí bảo vệ môi trường đối với khai thác khoáng sản",
            "p:Xử lý số tiền thuế, tiền chậm nộp, tiền phạt nộp thừa",
            "p:Đăng ký áp dụng phương pháp tính thuế giá trị gia tăng",
            "p:Tạm ngừng hoạt động, kinh doanh của người nộp thuế",
            "p:Cấp giấy chứng nhận cư trú",
            "p:Khai thuế thu nhập cá nhân đối với cá nhân chuyển nhượng bất động sản",
        ),
    ),
    "cong_thuong": Vocab(
        real=(
            "p:Đăng ký thực hiện khuyến mại theo hình thức mang tính may rủi",
            "p:Thông báo thực hiện khuyến mại",
            "p:Đăng ký tổ chức hội chợ, triển lãm thương mại tại Việt Nam",
            "p:Thông báo tổ chức hội chợ, triển lãm thương mại",
            "p:Xác nhận đăng ký hoạt động bán hàng đa cấp tại địa phương",
            "p:Thông báo chấm dứt hoạt động bán hàng đa cấp tại địa phương",
            "p:Đăng ký hợp đồng theo mẫu, điều kiện giao dịch chung",
            "c:Phê duyệt phương án chuyển đổi mô hình quản lý chợ",
            "c:Hỗ trợ khuyến công cho cơ sở công nghiệp nông thôn",
        ),
        objects=(
            obj("p:giấy phép bán buôn rượu", _RETAIL),
            obj("c:giấy phép bán lẻ rượu", _RETAIL),
            obj("c:giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh", _RETAIL),
            obj("p:giấy phép sản xuất rượu công nghiệp", _RETAIL,
                "quy mô dưới 3 triệu lít/năm"),
            obj("p:giấy phép bán buôn sản phẩm thuốc lá", _RETAIL),
            obj("c:giấy phép bán lẻ sản phẩm thuốc lá", _RETAIL),
            obj("p:Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", _RETAIL),
            obj("p:Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai", _RETAIL),
            obj("p:Giấy chứng nhận đủ điều kiện trạm nạp LPG vào chai", _RETAIL),
            obj("p:Giấy chứng nhận đủ điều kiện thương nhân kinh doanh mua bán LPG", _RETAIL),
            obj("p:Giấy chứng nhận đủ điều kiện trạm cấp LPG", _RETAIL),
            obj("p:Giấy chứng nhận đủ điều kiện trạm nạp CNG, LNG vào phương tiện vận tải",
                _RETAIL),
            obj("p:Giấy chứng nhận đủ điều kiện đầu tư trồng cây thuốc lá", _RETAIL),
            obj("p:giấy phép lập cơ sở bán lẻ", _FDI_TRADE,
                "cho tổ chức kinh tế có vốn đầu tư nước ngoài"),
            obj("p:giấy phép kinh doanh", _FDI_TRADE,
                "cho tổ chức kinh tế có vốn đầu tư nước ngoài"),
        ),
    ),
    "dien": Vocab(
        real=(
            "p:Cấp thẻ an toàn điện",
            "p:Thỏa thuận vị trí, hướng tuyến công trình đường dây điện",
            "p:Phê duyệt phương án giá bán lẻ điện tại khu vực nông thôn, miền núi",
        ),
        objects=(
            obj("p:giấy phép hoạt động điện lực", (*LICENCE, "Thu hồi {o}"),
                "trong lĩnh vực phát điện đối với nhà máy điện có quy mô công suất dưới 50 MW",
                "trong lĩnh vực phân phối điện", "trong lĩnh vực bán lẻ điện",
                "trong lĩnh vực tư vấn chuyên ngành điện lực"),
        ),
    ),
    "hoa_chat": Vocab(
        real=(
            "p:Thẩm định kế hoạch phòng ngừa, ứng phó sự cố hóa chất",
            "p:Xác nhận biện pháp phòng ngừa, ứng phó sự cố hóa chất",
            "p:Khai báo hóa chất sản xuất",
        ),
        objects=(
            obj("p:Giấy chứng nhận đủ điều kiện sản xuất hóa chất sản xuất, kinh doanh có "
                "điều kiện", CERT),
            obj("p:Giấy chứng nhận đủ điều kiện kinh doanh hóa chất sản xuất, kinh doanh có "
                "điều kiện", CERT),
            obj("p:Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp", CERT),
            obj("p:giấy phép sử dụng vật liệu nổ công nghiệp", (*LICENCE, "Thu hồi {o}")),
            obj("p:Giấy chứng nhận huấn luyện kỹ thuật an toàn tiền chất thuốc nổ", CERT),
        ),
    ),
    "khoa_hoc_cong_nghe": Vocab(
        real=(
            "p:Tuyển chọn, giao trực tiếp tổ chức, cá nhân chủ trì thực hiện nhiệm vụ khoa học "
            "và công nghệ cấp tỉnh|2m",
            "p:Đánh giá, nghiệm thu kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp "
            "tỉnh|1m",
            "p:Giao quyền sở hữu, quyền sử dụng kết quả nghiên cứu khoa học và phát triển "
            "công nghệ",
            "p:Công nhận kết quả nghiên cứu khoa học và phát triển công nghệ không sử dụng "
            "ngân sách nhà nước",
            "p:Xác nhận hàng hóa sử dụng trực tiếp cho phát triển hoạt động ươm tạo công nghệ, "
            "ươm tạo doanh nghiệp khoa học và công nghệ",
            "p:Hỗ trợ doanh nghiệp đổi mới công nghệ",
            "p:Hỗ trợ đăng ký bảo hộ quyền sở hữu trí tuệ",
            "p:Thẩm định hồ sơ đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh",
            "p:Cấp giấy chứng nhận đăng ký chuyển giao công nghệ",
            "p:Cấp giấy chứng nhận đăng ký gia hạn, sửa đổi, bổ sung nội dung chuyển giao công "
            "nghệ",
            "p:Thẩm định cơ sở khoa học của chương trình, đề án cấp tỉnh",
        ),
        objects=(
            obj("p:kết quả thực hiện nhiệm vụ khoa học và công nghệ", ("Đăng ký {o}",),
                "sử dụng ngân sách nhà nước", "không sử dụng ngân sách nhà nước"),
            obj("p:Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", _SCIENCE_REG,
                "cho tổ chức khoa học và công nghệ",
                "cho văn phòng đại diện, chi nhánh của tổ chức khoa học và công nghệ"),
            obj("p:Giấy chứng nhận doanh nghiệp khoa học và công nghệ", _SCIENCE_REG),
            obj("p:Giấy chứng nhận hoạt động của trung tâm đổi mới sáng tạo", _SCIENCE_REG),
        ),
    ),
    "tieu_chuan_do_luong": Vocab(
        real=(
            "p:Tiếp nhận bản công bố hợp chuẩn",
            "p:Tiếp nhận bản công bố hợp quy",
            "p:Đăng ký kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu",
            "p:Miễn giảm kiểm tra chất lượng hàng hóa nhập khẩu",
            "p:Đăng ký tham dự sơ tuyển, xét tặng giải thưởng chất lượng quốc gia",
            "p:Chứng nhận chuẩn đo lường để kiểm định, hiệu chuẩn, thử nghiệm phương tiện đo",
            "p:Điều chỉnh nội dung quyết định chứng nhận chuẩn đo lường",
            "p:Công bố sử dụng dấu định lượng trên nhãn hàng đóng gói sẵn",
            "p:Điều chỉnh nội dung bản công bố sử dụng dấu định lượng",
            "p:Đăng ký kiểm tra nhà nước về đo lường đối với phương tiện đo, lượng của hàng "
            "đóng gói sẵn nhập khẩu",
            "p:Cấp chứng chỉ kiểm định viên đo lường",
            "p:Chỉ định tổ chức kiểm định, hiệu chuẩn, thử nghiệm phương tiện đo",
            "p:Điều chỉnh nội dung quyết định chỉ định tổ chức kiểm định, hiệu chuẩn, thử "
            "nghiệm phương tiện đo",
            "p:Đăng ký hoạt động xét tặng giải thưởng chất lượng sản phẩm, hàng hóa",
            "p:Cấp mã số, mã vạch cho sản phẩm, hàng hóa của doanh nghiệp",
            "p:Kiểm tra nhà nước về chất lượng sản phẩm, hàng hóa lưu thông trên thị trường",
        ),
    ),
    "an_toan_buc_xa": Vocab(
        real=(
            "p:Cấp chứng chỉ nhân viên bức xạ",
            "p:Phê duyệt kế hoạch ứng phó sự cố bức xạ, hạt nhân cấp cơ sở",
            "p:Khai báo thiết bị X-quang chẩn đoán trong y tế",
        ),
        objects=(
            obj("p:giấy phép tiến hành công việc bức xạ",
                ("Cấp {o}", "Gia hạn {o}", "Sửa đổi, bổ sung {o}", "Cấp lại {o}"),
                "- sử dụng thiết bị X-quang chẩn đoán trong y tế",
                "- sử dụng thiết bị X-quang chẩn đoán trong nha khoa",
                "- sử dụng thiết bị X-quang trong kiểm tra an ninh"),
        ),
    ),
    "buu_chinh_vien_thong": Vocab(
        real=(
            "p:Cấp văn bản xác nhận thông báo hoạt động bưu chính",
            "p:Cấp lại văn bản xác nhận thông báo hoạt động bưu chính",
            "p:Sửa đổi, bổ sung văn bản xác nhận thông báo hoạt động bưu chính",
            "p:Thỏa thuận vị trí cột ăng-ten thu phát sóng thông tin di động",
            "p:Cấp phép xây dựng công trình hạ tầng kỹ thuật viễn thông thụ động",
            "p:Thông báo thay đổi nội dung giấy phép bưu chính",
        ),
        objects=(
            obj("p:giấy phép bưu chính", ("Cấp {o}", "Cấp lại {o}", "Sửa đổi, bổ sung {o}")),
        ),
    ),
}
