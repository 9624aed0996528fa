"""Names for home affairs, labour, people with merit and social protection fields.

Owned by Sở Nội vụ (which took labour and people with merit in 2025) and Sở Y tế (social
protection, children, social evils). See :mod:`bpmn.catalog.vocab_base`.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import Vocab, obj

__all__ = ["VOCAB"]

_PUBLIC_UNIT = ("Thẩm định việc thành lập {o}", "Thẩm định việc tổ chức lại {o}",
                "Thẩm định việc giải thể {o}")
_ASSOCIATION = (
    "Công nhận ban vận động thành lập {o}",
    "Thành lập {o}",
    "Phê duyệt điều lệ {o}",
    "Chia, tách; sáp nhập; hợp nhất {o}",
    "Đổi tên {o}",
    "Tự giải thể {o}",
    "Báo cáo tổ chức đại hội nhiệm kỳ của {o}",
)
_FUND = (
    "Cấp giấy phép thành lập và công nhận điều lệ {o}",
    "Công nhận {o} đủ điều kiện hoạt động và công nhận thành viên hội đồng quản lý quỹ",
    "Thay đổi giấy phép thành lập và công nhận điều lệ {o}",
    "Đổi tên {o}",
    "Hợp nhất, sáp nhập, chia, tách {o}",
    "Tự giải thể {o}",
    "Cho phép {o} hoạt động trở lại sau khi bị đình chỉ",
)
_MERIT = (
    "đối với thân nhân liệt sĩ",
    "đối với thương binh",
    "đối với bệnh binh",
    "đối với người có công giúp đỡ cách mạng",
    "đối với người hoạt động kháng chiến bị địch bắt tù, đày",
    "đối với người hoạt động cách mạng, kháng chiến, bảo vệ Tổ quốc, làm nghĩa vụ quốc tế",
    "đối với Bà mẹ Việt Nam anh hùng",
    "đối với người hoạt động kháng chiến bị nhiễm chất độc hóa học",
    "đối với con đẻ của người hoạt động kháng chiến bị nhiễm chất độc hóa học",
    "đối với Anh hùng lực lượng vũ trang nhân dân, Anh hùng lao động trong thời kỳ kháng "
    "chiến",
    "đối với thanh niên xung phong",
    "đối với người hoạt động cách mạng trước ngày 01 tháng 01 năm 1945",
    "đối với người hoạt động cách mạng từ ngày 01 tháng 01 năm 1945 đến ngày khởi nghĩa "
    "tháng Tám năm 1945",
)
_MONTHLY = ("Thực hiện {o}", "Điều chỉnh {o}", "Thôi hưởng {o}")
_WORK_PERMIT = ("Cấp {o}", "Gia hạn {o}", "Cấp lại {o}", "Thu hồi {o}")

VOCAB: dict[str, Vocab] = {
    "noi_vu": Vocab(
        real=(
            "p:Phân loại đơn vị hành chính cấp xã",
            "p:Nâng ngạch công chức",
            "p:Thăng hạng chức danh nghề nghiệp viên chức",
            "c:Thành lập thôn mới, tổ dân phố mới",
            "c:Ghép, sáp nhập thôn, tổ dân phố",
            "c:Công nhận trưởng thôn, tổ trưởng tổ dân phố",
            "c:Thực hiện chế độ phụ cấp đối với người hoạt động không chuyên trách ở thôn, tổ "
            "dân phố",
            "c:Xác nhận thời gian công tác của cán bộ, công chức cấp xã",
            "p:Xét chuyển cán bộ, công chức cấp xã thành công chức từ cấp tỉnh trở lên",
        ),
        objects=(
            obj("công chức", ("Thi tuyển {o}", "Xét tuyển {o}", "Tiếp nhận vào làm {o}"),
                "p:cấp tỉnh", "c:cấp xã"),
            obj("viên chức", ("Thi tuyển {o}", "Xét tuyển {o}", "Tiếp nhận vào làm {o}"),
                "p:tại đơn vị sự nghiệp công lập cấp tỉnh",
                "c:tại đơn vị sự nghiệp công lập cấp xã"),
            obj("đơn vị sự nghiệp công lập", _PUBLIC_UNIT,
                "p:thuộc Ủy ban nhân dân tỉnh", "c:thuộc Ủy ban nhân dân cấp xã"),
            obj("tổ chức hành chính", _PUBLIC_UNIT,
                "p:thuộc Ủy ban nhân dân tỉnh", "c:thuộc Ủy ban nhân dân cấp xã"),
            obj("viên chức", ("Thăng hạng chức danh nghề nghiệp {o}",),
                "p:tại đơn vị sự nghiệp công lập cấp tỉnh",
                "c:tại đơn vị sự nghiệp công lập cấp xã"),
        ),
    ),
    "to_chuc_phi_chinh_phu": Vocab(
        objects=(
            obj("hội", _ASSOCIATION,
                "p:có phạm vi hoạt động trong tỉnh", "c:có phạm vi hoạt động trong xã"),
            obj("quỹ xã hội, quỹ từ thiện", _FUND,
                "p:có phạm vi hoạt động trong tỉnh", "c:có phạm vi hoạt động trong xã"),
        ),
    ),
    "van_thu_luu_tru": Vocab(
        real=(
            "p:Cấp chứng chỉ hành nghề lưu trữ",
            "p:Cấp lại chứng chỉ hành nghề lưu trữ",
            "p:Phục vụ việc sử dụng tài liệu của độc giả tại phòng đọc",
            "p:Cấp bản sao và chứng thực tài liệu lưu trữ",
            "p:Xác nhận tài liệu lưu trữ tư nhân có giá trị đặc biệt",
            "p:Đăng ký tài liệu lưu trữ tư nhân",
            "p:Hiến tặng, gửi tài liệu lưu trữ tư nhân vào Lưu trữ lịch sử tỉnh",
        ),
    ),
    "thi_dua_khen_thuong": Vocab(
        real=(
            "p:Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
            "p:Tặng Cờ thi đua của Ủy ban nhân dân tỉnh",
            "p:Tặng danh hiệu Tập thể lao động xuất sắc",
            "c:Tặng danh hiệu Lao động tiên tiến",
            "c:Tặng danh hiệu Chiến sĩ thi đua cơ sở",
            "c:Tặng danh hiệu Tập thể lao động tiên tiến",
            "p:Đề nghị tặng Huân chương Lao động",
            "p:Đề nghị tặng Bằng khen của Thủ tướng Chính phủ",
        ),
        objects=(
            obj("p:Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", ("Tặng {o}",),
                "về thành tích thực hiện nhiệm vụ chính trị", "theo chuyên đề",
                "về thành tích đột xuất", "cho gia đình", "về thành tích đối ngoại",
                "cho doanh nghiệp, doanh nhân", "về thành tích thi đua theo đợt",
                "về thành tích xây dựng nông thôn mới", "cho người có thành tích trong lao "
                "động sản xuất"),
            obj("c:Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", ("Tặng {o}",),
                "về thành tích thực hiện nhiệm vụ chính trị", "theo chuyên đề",
                "về thành tích đột xuất", "cho gia đình", "cho hộ kinh doanh",
                "về thành tích thi đua theo đợt", "về thành tích xây dựng nông thôn mới"),
        ),
    ),
    "lao_dong_viec_lam": Vocab(
        real=(
            "p:Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
            "p:Chấp thuận nhu cầu sử dụng người lao động nước ngoài",
            "p:Giải quyết hưởng trợ cấp thất nghiệp",
            "p:Tạm dừng hưởng trợ cấp thất nghiệp",
            "p:Tiếp tục hưởng trợ cấp thất nghiệp",
            "p:Chấm dứt hưởng trợ cấp thất nghiệp",
            "p:Chuyển nơi hưởng trợ cấp thất nghiệp",
            "p:Hỗ trợ học nghề cho người hưởng trợ cấp thất nghiệp",
            "p:Hỗ trợ đào tạo, bồi dưỡng, nâng cao trình độ kỹ năng nghề để duy trì việc làm "
            "cho người lao động",
            "p:Đăng ký nội quy lao động",
            "p:Đăng ký hợp đồng lao động trực tiếp giao kết với người lao động đi làm việc ở "
            "nước ngoài",
            "p:Đăng ký hợp đồng nhận lao động thực tập",
            "p:Thông báo thay đổi thang lương, bảng lương của công ty nhà nước",
            "c:Vay vốn hỗ trợ tạo việc làm, duy trì và mở rộng việc làm từ Quỹ quốc gia về "
            "việc làm đối với người lao động",
            "c:Xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp có mức sống trung bình vay vốn "
            "tạo việc làm",
            "c:Hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng thuộc hộ nghèo",
        ),
        objects=(
            obj("p:giấy phép lao động",
                _WORK_PERMIT, "cho người lao động nước ngoài làm việc tại Việt Nam"),
            obj("p:giấy phép hoạt động dịch vụ việc làm", _WORK_PERMIT, "cho doanh nghiệp"),
            obj("p:giấy phép hoạt động cho thuê lại lao động", _WORK_PERMIT),
        ),
    ),
    "an_toan_lao_dong": Vocab(
        real=(
            "p:Hỗ trợ chi phí khám bệnh nghề nghiệp cho người lao động",
            "p:Hỗ trợ kinh phí huấn luyện an toàn, vệ sinh lao động cho doanh nghiệp",
            "p:Hỗ trợ phục hồi chức năng lao động cho người bị tai nạn lao động, bệnh nghề "
            "nghiệp",
            "p:Hỗ trợ chuyển đổi nghề nghiệp cho người bị tai nạn lao động, bệnh nghề nghiệp",
            "p:Khai báo thiết bị có yêu cầu nghiêm ngặt về an toàn lao động",
            "p:Đăng ký công bố hợp quy sản phẩm, hàng hóa có yêu cầu nghiêm ngặt về an toàn "
            "lao động",
        ),
        objects=(
            obj("p:Giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn, vệ sinh lao "
                "động", ("Cấp {o}", "Gia hạn {o}", "Cấp lại {o}"), "hạng A", "hạng B"),
        ),
    ),
    "nguoi_co_cong": Vocab(
        real=(
            "c:Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
            "c:Giải quyết chế độ mai táng phí đối với cựu chiến binh",
            "c:Giải quyết chế độ mai táng phí đối với thanh niên xung phong thời kỳ chống "
            "Pháp",
            "c:Hỗ trợ người có công đi làm phương tiện, thiết bị trợ giúp, dụng cụ chỉnh hình",
            "c:Giải quyết chế độ ưu đãi trong giáo dục đào tạo đối với người có công và con "
            "của họ",
            "c:Xác nhận thông tin về nơi liệt sĩ hy sinh",
            "c:Hưởng trợ cấp khi người có công đang hưởng trợ cấp ưu đãi từ trần",
            "c:Thăm viếng mộ liệt sĩ",
            "p:Khám giám định lại thương tật do vết thương cũ tái phát và điều chỉnh chế độ",
            "p:Di chuyển hồ sơ khi người hưởng trợ cấp ưu đãi thay đổi nơi thường trú",
            "p:Cấp đổi, cấp lại Bằng Tổ quốc ghi công",
            "p:Cấp trích lục hoặc sao hồ sơ người có công với cách mạng",
            "p:Đính chính thông tin trên bia mộ liệt sĩ",
            "p:Di chuyển hài cốt liệt sĩ đang an táng tại nghĩa trang liệt sĩ đi nơi khác "
            "theo nguyện vọng của đại diện thân nhân",
            "p:Tặng hoặc truy tặng danh hiệu vinh dự nhà nước Bà mẹ Việt Nam anh hùng",
            "p:Công nhận và giải quyết chế độ ưu đãi người hoạt động cách mạng trước ngày 01 "
            "tháng 01 năm 1945",
            "p:Giải quyết chế độ đối với thương binh đồng thời là bệnh binh",
            "p:Cấp giấy chứng nhận thân nhân liệt sĩ",
        ),
        objects=(
            obj("chế độ ưu đãi", ("Giải quyết {o}", "Điều chỉnh {o}"), *_MERIT),
            obj("trợ cấp một lần", ("Giải quyết {o}",),
                "đối với thân nhân người hoạt động kháng chiến được tặng huân chương, huy "
                "chương", "đối với người được cử làm chuyên gia sang giúp Lào, Campuchia",
                "đối với người có thành tích tham gia kháng chiến"),
            obj("c:chế độ mai táng phí", ("Giải quyết {o}",),
                "đối với người tham gia kháng chiến chống Mỹ có dưới 20 năm công tác trong "
                "quân đội", "đối với dân công hỏa tuyến", "đối với người có công với cách "
                "mạng từ trần"),
            obj("c:thẻ bảo hiểm y tế", ("Cấp {o}",),
                "cho người có công với cách mạng", "cho thân nhân liệt sĩ",
                "cho cựu chiến binh"),
        ),
    ),
    "bao_tro_xa_hoi": Vocab(
        real=(
            "c:Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở",
            "c:Trợ giúp xã hội khẩn cấp về hỗ trợ chi phí mai táng",
            "c:Thay đổi nơi cư trú của đối tượng được hưởng trợ cấp xã hội hằng tháng",
            "c:Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
            "c:Đổi, cấp lại Giấy xác nhận khuyết tật",
            "c:Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng có hoàn "
            "cảnh khó khăn",
            "c:Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
            "c:Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm",
            "c:Công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình",
            "c:Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
            "c:Nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp",
            "p:Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở "
            "trợ giúp xã hội cấp tỉnh",
            "p:Dừng trợ giúp xã hội tại cơ sở trợ giúp xã hội cấp tỉnh",
        ),
        objects=(
            obj("c:trợ cấp xã hội hằng tháng", _MONTHLY,
                "đối với người cao tuổi", "đối với người khuyết tật",
                "đối với trẻ em không có nguồn nuôi dưỡng",
                "đối với người đơn thân nghèo đang nuôi con",
                "đối với người nhiễm HIV/AIDS thuộc diện hộ nghèo"),
            obj("c:hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng", _MONTHLY,
                "đối với hộ gia đình có người khuyết tật đặc biệt nặng",
                "đối với người nhận chăm sóc, nuôi dưỡng trẻ em không có nguồn nuôi dưỡng"),
            obj("p:cơ sở trợ giúp xã hội",
                ("Cấp giấy phép hoạt động đối với {o}",
                 "Cấp lại, điều chỉnh giấy phép hoạt động đối với {o}",
                 "Đăng ký thành lập {o}", "Giải thể {o}",
                 "Đăng ký thay đổi nội dung giấy chứng nhận đăng ký thành lập đối với {o}"),
                "ngoài công lập", "công lập"),
        ),
    ),
    "tre_em": Vocab(
        real=(
            "c:Áp dụng các biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em khỏi môi "
            "trường hoặc người gây tổn hại cho trẻ em",
            "c:Chấm dứt việc chăm sóc thay thế cho trẻ em",
            "c:Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em bị xâm hại hoặc có nguy cơ "
            "bị bạo lực, bóc lột, bỏ rơi và trẻ em có hoàn cảnh đặc biệt",
            "c:Đăng ký nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia "
            "đình nhận chăm sóc thay thế không phải là người thân thích của trẻ em",
            "c:Thông báo nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia "
            "đình nhận chăm sóc thay thế là người thân thích của trẻ em",
            "c:Chuyển trẻ em đang được chăm sóc thay thế tại cơ sở trợ giúp xã hội đến cá "
            "nhân, gia đình nhận chăm sóc thay thế",
            "c:Hỗ trợ trẻ em bị xâm hại tiếp cận dịch vụ y tế, tâm lý",
            "c:Công nhận xã, phường phù hợp với trẻ em",
            "c:Hỗ trợ trẻ em mồ côi do dịch bệnh",
            "c:Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi chưa được cấp khi đăng ký khai "
            "sinh",
            "c:Xác nhận trẻ em có hoàn cảnh đặc biệt được hưởng chính sách hỗ trợ",
            "c:Đề nghị hỗ trợ từ Quỹ Bảo trợ trẻ em cấp xã",
            "p:Đăng ký hoạt động của cơ sở cung cấp dịch vụ bảo vệ trẻ em",
            "p:Tiếp nhận trẻ em vào cơ sở trợ giúp xã hội cấp tỉnh",
            "p:Đề nghị hỗ trợ từ Quỹ Bảo trợ trẻ em tỉnh",
            "p:Cho phép trẻ em tham gia biểu diễn, quảng cáo, hoạt động thể thao chuyên "
            "nghiệp",
            "p:Chuyển trẻ em từ cơ sở trợ giúp xã hội cấp tỉnh về gia đình, cộng đồng",
        ),
    ),
    "phong_chong_te_nan": Vocab(
        real=(
            "p:Công bố cơ sở cai nghiện ma túy tự nguyện",
            "p:Công bố lại cơ sở cai nghiện ma túy tự nguyện",
            "c:Đăng ký cai nghiện ma túy tự nguyện",
            "c:Đăng ký cai nghiện ma túy tại gia đình, cộng đồng",
            "c:Xác định nạn nhân bị mua bán",
            "c:Hỗ trợ học văn hóa, học nghề, trợ cấp khó khăn ban đầu cho nạn nhân bị mua "
            "bán",
            "c:Gia hạn thời gian cai nghiện ma túy tại gia đình, cộng đồng",
            "c:Hỗ trợ người sau cai nghiện ma túy tái hòa nhập cộng đồng",
            "p:Tiếp nhận nạn nhân bị mua bán vào cơ sở trợ giúp xã hội cấp tỉnh",
        ),
        objects=(
            obj("p:giấy phép hoạt động cai nghiện ma túy tự nguyện",
                ("Cấp {o}", "Cấp lại {o}", "Sửa đổi, bổ sung {o}", "Thu hồi {o}")),
        ),
    ),
}
